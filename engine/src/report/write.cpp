#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "mlca/errors/error.hpp"
#include "mlca/report/report.hpp"

namespace mlca {

namespace fs = std::filesystem;

void write_directory(const std::string& dir, const std::vector<report_file>& files) {
    // Written into a fresh sibling folder, then renamed into place: a reader sees the old
    // report or the new one, never half of one, and a failure leaves nothing behind.
    const fs::path target = fs::absolute(dir);
    const fs::path parent = target.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw input_error::invalid_option("-o", fmt::format("cannot create '{}': {}", parent.string(), ec.message()));
    std::random_device entropy;
    const fs::path staging = parent / fmt::format(".{}.tmp-{:08x}", target.filename().string(), entropy());
    fs::path previous;
    try {
        fs::create_directory(staging);
        for (const auto& f : files) {
            std::ofstream out(staging / f.name, std::ios::binary);
            out << f.content;
            out.close();
            if (!out) throw internal_error(fmt::format("could not write '{}'", (staging / f.name).string()));
        }
        if (fs::exists(target)) {
            if (!fs::is_directory(target)) throw input_error::invalid_option("-o", fmt::format("'{}' exists and is not a folder", dir));
            previous = parent / fmt::format(".{}.old-{:08x}", target.filename().string(), entropy());
            fs::rename(target, previous);
        }
        fs::rename(staging, target);
        if (!previous.empty()) fs::remove_all(previous);
    } catch (...) {
        fs::remove_all(staging, ec);
        // The old report goes back where it was if the new one could not take its place.
        if (!previous.empty() && fs::exists(previous, ec) && !fs::exists(target, ec)) fs::rename(previous, target, ec);
        throw;
    }
}

}  // namespace mlca
