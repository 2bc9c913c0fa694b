#include "terminal.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace kaya::cli {

int output_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        const std::string_view text(columns);
        int width = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), width);
        if (ec == std::errc() && end == text.data() + text.size() && width > 0) return width;
    }
    winsize size{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 0;
}

progress_line::progress_line(std::string what)
    : what_(std::move(what)), enabled_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()), last_(start_) {}

progress_line::~progress_line() {
    if (shown_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    }
}

std::function<void(long, long)> progress_line::callback() {
    if (!enabled_) return {};
    return [this](long done, long total) { update(done, total); };
}

void progress_line::update(long done, long total) {
    using namespace std::chrono_literals;
    const auto now = std::chrono::steady_clock::now();
    // Quick work shows nothing; slow work a line that changes at most ten times a second.
    if (now - start_ < 1s || (shown_ && now - last_ < 100ms && done < total)) return;
    last_ = now;
    shown_ = true;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
    const double left = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    std::fputs(fmt::format("\r\033[K{}: {:.0f} % ({} of {}), about {:.0f} s left", what_, fraction * 100.0, done, total, left).c_str(), stderr);
    std::fflush(stderr);
}

}  // namespace kaya::cli
