#pragma once
// What the CLI knows of the terminal: its width, and a progress line on standard error.
#include <chrono>
#include <functional>
#include <string>

namespace kaya::cli {

//! The width tables must fit: $COLUMNS when set, else the terminal's when standard output
//! is one, else 0 (no limit, so that files and pipes get the same table everywhere).
int output_width();

//! A progress line on standard error, shown only when standard error is a terminal and the
//! work has already taken a second; erased when done.
class progress_line {
public:
    explicit progress_line(std::string what);
    ~progress_line();
    progress_line(const progress_line&) = delete;
    progress_line& operator=(const progress_line&) = delete;

    //! The callback for run_options::progress.
    [[nodiscard]] std::function<void(long, long)> callback();

private:
    void update(long done, long total);
    std::string what_;
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace kaya::cli
