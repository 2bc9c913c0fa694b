// Replays inputs through a fuzz target without libFuzzer, for the normal test run:
//
//   fuzz_scenario_replay PATH...
//
// Each PATH is a file or a folder, whose files are replayed in name order (names starting
// with '.' are skipped). Each input runs in a child process with the limits of the fuzz
// runs, so that one failure does not hide the next: 10 s of time and 2 GB of memory
// (resident; and address space too where no sanitizer reserves its own). An input passes when the target returns; it
// fails on an escaped exception, a crash, a sanitizer report, the time or the memory limit.
// Prints one line per input and exits 1 if any failed. The target's LLVMFuzzerInitialize
// runs once, before the first input.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <new>
#include <string>
#include <thread>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

constexpr unsigned time_limit_s = 10;
constexpr rlim_t memory_limit = rlim_t{2} << 30;
constexpr long memory_limit_kb = 2L << 20;
constexpr int out_of_memory_status = 86;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool address_sanitizer = true;
#else
constexpr bool address_sanitizer = false;
#endif
#else
constexpr bool address_sanitizer = false;
#endif

std::vector<fs::path> inputs_of(const std::vector<fs::path>& paths) {
    std::vector<fs::path> out;
    for (const auto& p : paths) {
        if (fs::is_directory(p)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(p)) {
                if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            out.insert(out.end(), files.begin(), files.end());
        } else if (fs::is_regular_file(p)) {
            out.push_back(p);
        } else {
            throw std::runtime_error("no such file or folder: " + p.string());
        }
    }
    return out;
}

[[noreturn]] void out_of_memory() {
    static const char message[] = "out of memory (2 GB)\n";
    (void)!::write(2, message, sizeof message - 1);
    ::_exit(out_of_memory_status);
}

[[noreturn]] void run_child(const fs::path& file) {
    std::signal(SIGALRM, SIG_DFL);
    ::alarm(time_limit_s);
    // As libFuzzer's -rss_limit_mb: the resident size, checked ten times a second.
    std::thread([] {
        for (;;) {
            rusage usage{};
            ::getrusage(RUSAGE_SELF, &usage);
            if (usage.ru_maxrss > memory_limit_kb) out_of_memory();
            ::usleep(100'000);
        }
    }).detach();
    // As libFuzzer's -malloc_limit_mb: a single allocation beyond the limit fails at once.
    if (!address_sanitizer) {
        const rlimit limit{memory_limit, memory_limit};
        ::setrlimit(RLIMIT_AS, &limit);
    }
    std::set_new_handler(out_of_memory);
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    std::cout.flush();
    ::_exit(0);
}

// What went wrong with the child, or empty when it passed.
std::string failure(int status) {
    if (WIFEXITED(status)) {
        if (WEXITSTATUS(status) == 0) return {};
        if (WEXITSTATUS(status) == out_of_memory_status) return "out of memory (2 GB)";
        return "exit status " + std::to_string(WEXITSTATUS(status));
    }
    if (WIFSIGNALED(status)) {
        if (WTERMSIG(status) == SIGALRM) return "timeout (" + std::to_string(time_limit_s) + " s)";
        if (WTERMSIG(status) == SIGABRT) return "aborted (an escaped exception, a check of the harness, an assertion or a sanitizer report)";
        return std::string("killed by signal ") + ::strsignal(WTERMSIG(status));
    }
    return "unknown wait status";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " FILE_OR_FOLDER...\n";
        return 2;
    }
    std::vector<fs::path> inputs;
    try {
        inputs = inputs_of({argv + 1, argv + argc});
    } catch (const std::exception& e) {
        std::cerr << argv[0] << ": " << e.what() << "\n";
        return 2;
    }
    // As libFuzzer does, once: what the target prepares is then shared by every child.
    LLVMFuzzerInitialize(&argc, &argv);
    int failed = 0;
    for (const auto& file : inputs) {
        std::cout.flush();
        const pid_t child = ::fork();
        if (child < 0) {
            std::perror("fork");
            return 2;
        }
        if (child == 0) run_child(file);
        int status = 0;
        ::waitpid(child, &status, 0);
        const std::string why = failure(status);
        std::cout << (why.empty() ? "ok    " : "FAIL  ") << file.string() << (why.empty() ? "" : ": " + why) << "\n";
        if (!why.empty()) ++failed;
    }
    std::cout << inputs.size() - static_cast<std::size_t>(failed) << " of " << inputs.size() << " inputs passed\n";
    return failed == 0 ? 0 : 1;
}
