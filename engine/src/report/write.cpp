// A report folder written whole or not at all, and replaced only when kaya wrote it.
#include <fmt/format.h>
#include <signal.h>
#include <stdio.h>  // renameat2 (glibc 2.28)
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "kaya/errors/error.hpp"
#include "kaya/report/report.hpp"

namespace kaya {
namespace fs = std::filesystem;
namespace {

// The file by which kaya knows a folder as its own: the first line says what it is, every
// further line names a file kaya wrote there. A folder is replaced only when it holds this
// file and nothing it does not list (a file a user added stays, and so does the folder).
constexpr const char* marker_name = ".kaya-report";
constexpr const char* marker_heading =
    "kaya report folder: kaya replaces it when it writes a report here; delete this file to keep it from doing so";

std::string marker_text(const std::vector<report_file>& files) {
    std::string text = std::string(marker_heading) + "\n";
    for (const auto& f : files) text += f.name + "\n";
    return text;
}

// Why kaya may not replace `dir`, or empty when it may: an empty folder, or one of its reports.
std::string not_replaceable(const fs::path& dir) {
    std::set<std::string> listed;
    bool empty = true;
    std::ifstream marker(dir / marker_name);
    const bool has_marker = marker.is_open();
    if (has_marker) {
        std::string line;
        std::getline(marker, line);
        if (line != marker_heading) return fmt::format("its {} is not one kaya wrote", marker_name);
        while (std::getline(marker, line)) listed.insert(line);
    }
    std::vector<std::string> others;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name == marker_name) continue;
        empty = false;
        if (!entry.is_regular_file() || !listed.contains(name)) others.push_back(name);
    }
    if (empty) return {};
    if (!has_marker) {
        return fmt::format("it holds files and no {}, so kaya did not write it (reports of kaya 0.1 have none: remove such "
                           "a folder yourself)", marker_name);
    }
    if (others.empty()) return {};
    std::sort(others.begin(), others.end());
    const std::size_t shown = std::min<std::size_t>(others.size(), 3);
    std::string names;
    for (std::size_t i = 0; i < shown; ++i) names += (i == 0 ? "" : ", ") + others[i];
    return fmt::format("it holds {} that kaya did not write ({}{})", others.size() == 1 ? "a file" : "files", names,
                       others.size() > shown ? fmt::format(" and {} more", others.size() - shown) : "");
}

// `name` as a staging folder of `target`: ".TARGET.tmp-PID-HEX", or ".TARGET.old-HEX" or
// ".TARGET.tmp-HEX" from kaya versions before the process id was part of the name.
// Returns the process id, 0 for the older forms, -1 for any other name.
long staging_owner(const std::string& name, const std::string& target) {
    for (const char* kind : {".tmp-", ".old-"}) {
        const std::string prefix = "." + target + kind;
        if (!name.starts_with(prefix)) continue;
        const std::string rest = name.substr(prefix.size());
        const std::size_t dash = rest.find('-');
        const std::string pid = dash == std::string::npos ? "" : rest.substr(0, dash);
        const std::string hex = dash == std::string::npos ? rest : rest.substr(dash + 1);
        const bool is_hex = hex.size() == 8 && hex.find_first_not_of("0123456789abcdef") == std::string::npos;
        const bool is_pid = !pid.empty() && pid.size() < 10 && pid.find_first_not_of("0123456789") == std::string::npos;
        if (is_hex && dash == std::string::npos) return 0;
        if (is_hex && is_pid && std::string(kind) == ".tmp-") return std::stol(pid);
    }
    return -1;
}

// Staging folders that a killed run left beside `target`: those whose process is gone.
void remove_stale_staging(const fs::path& target) {
    std::error_code ec;
    const std::string name = target.filename().string();
    for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
        const long owner = staging_owner(entry.path().filename().string(), name);
        if (owner < 0 || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
        if (owner > 0 && (::kill(static_cast<pid_t>(owner), 0) == 0 || errno != ESRCH)) continue;  // still running
        fs::remove_all(entry.path(), ec);
    }
}

// Writes `content` to `path` and makes it durable, or throws with the OS's reason.
void write_file(const fs::path& path, const std::string& content, const std::string& dir) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    auto fail = [&](int err) {
        if (fd >= 0) ::close(fd);
        return environment_error::write_failed(fmt::format("'{}' of the report into '{}'", path.filename().string(), dir),
                                               std::strerror(err));
    };
    if (fd < 0) throw fail(errno);
    for (std::size_t done = 0; done < content.size();) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw fail(errno);
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 && errno != EINVAL) throw fail(errno);
    if (::close(fd) != 0) throw environment_error::write_failed(fmt::format("the report into '{}'", dir), std::strerror(errno));
}

// Puts `staging` where `target` is: one atomic exchange where the kernel and file system
// have it (the old report then sits in `staging`), else two renames. Returns whether the
// old report is now in `staging`.
bool swap_into_place(const fs::path& staging, const fs::path& target, const fs::path& previous) {
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) return true;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        throw std::system_error(errno, std::generic_category(), "rename");
    }
    fs::rename(target, previous);
    fs::rename(staging, target);
    return false;
}

}  // namespace

void write_directory(const std::string& dir, const std::vector<report_file>& files) {
    // Written into a fresh sibling folder, then exchanged with the old report: a reader sees
    // the old report or the new one, never half of one, and a failure leaves nothing behind.
    if (dir.empty()) throw input_error::invalid_option("report folder", "an empty path; name a folder for the report");
    // The system would take the name cut at a NUL: another folder's, whose staging
    // sibling (".NAME") the clean-up of a failure would then remove.
    if (dir.find('\0') != std::string::npos) throw input_error::invalid_option("report folder", "the name holds a NUL byte, which no folder's name can");
    fs::path target = fs::absolute(dir).lexically_normal();
    if (!target.has_filename()) target = target.parent_path();  // "reports/bloom/" is "reports/bloom"
    const fs::path here = fs::current_path();
    // Never the current folder or one that holds it: replacing it would pull the floor away.
    const auto [in_target, in_here] = std::mismatch(target.begin(), target.end(), here.begin(), here.end());
    if (in_target == target.end() || target == target.root_path()) {
        throw input_error::invalid_option("report folder", fmt::format("'{}' is the current folder or one that holds it; name a folder for the report", dir));
    }
    std::error_code ec;
    const bool exists = fs::exists(fs::symlink_status(target, ec));
    if (exists) {
        // A link is replaced as a link, not followed: the folder it names is not kaya's to swap.
        if (fs::is_symlink(fs::symlink_status(target, ec))) {
            throw input_error::invalid_option("report folder", fmt::format("'{}' is a symbolic link; name the folder itself", dir));
        }
        if (!fs::is_directory(target, ec)) throw input_error::invalid_option("report folder", fmt::format("'{}' exists and is not a folder", dir));
        std::string why;
        try {
            why = not_replaceable(target);
        } catch (const fs::filesystem_error& e) {
            throw environment_error::write_failed(fmt::format("the report into '{}'", dir), e.code().message());
        }
        if (!why.empty()) {
            throw input_error::invalid_option("report folder", fmt::format("'{}' is not a report folder of kaya's: {}; name a new folder, "
                                                                           "or one that holds an earlier kaya report", dir, why));
        }
    }
    const fs::path parent = target.parent_path();
    std::random_device entropy;
    const std::string name = target.filename().string();
    const fs::path staging = parent / fmt::format(".{}.tmp-{}-{:08x}", name, ::getpid(), entropy());
    const fs::path previous = parent / fmt::format(".{}.tmp-{}-{:08x}", name, ::getpid(), entropy());
    bool swapped = false;
    try {
        fs::create_directories(parent);
        remove_stale_staging(target);
        fs::create_directory(staging);
        // The marker first: a staging folder of a killed run is recognisable by it too.
        write_file(staging / marker_name, marker_text(files), dir);
        for (const auto& f : files) write_file(staging / f.name, f.content, dir);
        if (exists && fs::exists(target)) {
            swapped = swap_into_place(staging, target, previous);
            fs::remove_all(swapped ? staging : previous, ec);
        } else {
            fs::rename(staging, target);
        }
    } catch (const fs::filesystem_error& e) {
        if (!swapped) fs::remove_all(staging, ec);
        // The old report goes back where it was if the new one could not take its place.
        if (fs::exists(previous, ec) && !fs::exists(target, ec)) fs::rename(previous, target, ec);
        throw environment_error::write_failed(fmt::format("the report into '{}'", dir), e.code().message());
    } catch (const std::system_error& e) {
        fs::remove_all(staging, ec);
        throw environment_error::write_failed(fmt::format("the report into '{}'", dir), e.code().message());
    } catch (...) {
        if (!swapped) fs::remove_all(staging, ec);
        if (fs::exists(previous, ec) && !fs::exists(target, ec)) fs::rename(previous, target, ec);
        throw;
    }
}

}  // namespace kaya
