#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <random>

#include "kaya/errors/error.hpp"
#include "kaya/report/report.hpp"

namespace kaya {
namespace fs = std::filesystem;
namespace {

// A folder kaya may replace: empty, or holding only files that reports are made of.
bool replaceable(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        const bool report_file = name == "report.html" || name == "report.md" || name == "results.json" ||
                                 name == "results.csv" || entry.path().extension() == ".svg";
        if (!entry.is_regular_file() || !report_file) return false;
    }
    return true;
}

}  // namespace

void write_directory(const std::string& dir, const std::vector<report_file>& files) {
    // Written into a fresh sibling folder, then renamed into place: a reader sees the old
    // report or the new one, never half of one, and a failure leaves nothing behind.
    if (dir.empty()) throw input_error::invalid_option("report folder", "an empty path; name a folder for the report");
    fs::path target = fs::absolute(dir).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();  // "reports/bloom/" is "reports/bloom"
    const fs::path here = fs::current_path();
    // Never the current folder or one that holds it: replacing it would pull the floor away.
    const auto [in_target, in_here] = std::mismatch(target.begin(), target.end(), here.begin(), here.end());
    if (in_target == target.end() || target == target.root_path()) {
        throw input_error::invalid_option("report folder", fmt::format("'{}' is the current folder or one that holds it; name a folder for the report", dir));
    }
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!fs::is_directory(target, ec)) throw input_error::invalid_option("report folder", fmt::format("'{}' exists and is not a folder", dir));
        if (!replaceable(target)) {
            throw input_error::invalid_option("report folder", fmt::format("'{}' holds files that are not part of a report; "
                                                                "name a new folder, or one that holds only an earlier report", dir));
        }
    }
    const fs::path parent = target.parent_path();
    std::random_device entropy;
    const fs::path staging = parent / fmt::format(".{}.tmp-{:08x}", target.filename().string(), entropy());
    fs::path previous;
    try {
        fs::create_directories(parent);
        fs::create_directory(staging);
        for (const auto& f : files) {
            std::ofstream out(staging / f.name, std::ios::binary);
            out << f.content;
            out.close();
            if (!out) throw input_error::invalid_option("report folder", fmt::format("could not write '{}' in '{}'", f.name, dir));
        }
        if (fs::exists(target)) {
            previous = parent / fmt::format(".{}.old-{:08x}", target.filename().string(), entropy());
            fs::rename(target, previous);
        }
        fs::rename(staging, target);
        if (!previous.empty()) fs::remove_all(previous);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(staging, ec);
        if (!previous.empty() && fs::exists(previous, ec) && !fs::exists(target, ec)) fs::rename(previous, target, ec);
        throw input_error::invalid_option("report folder", fmt::format("cannot write the report into '{}': {}", dir, e.code().message()));
    } catch (...) {
        fs::remove_all(staging, ec);
        // The old report goes back where it was if the new one could not take its place.
        if (!previous.empty() && fs::exists(previous, ec) && !fs::exists(target, ec)) fs::rename(previous, target, ec);
        throw;
    }
}

}  // namespace kaya
