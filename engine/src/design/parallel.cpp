#include "design/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace kaya::detail {

int thread_count(int requested) {
    if (requested > 0) return requested;
    return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

void parallel_units(long units, int threads, const std::function<void(int worker, long unit)>& work) {
    const int workers = static_cast<int>(std::clamp<long>(units, 1, std::max(threads, 1)));
    if (workers == 1) {
        for (long u = 0; u < units; ++u) work(0, u);
        return;
    }
    // Units are dealt one at a time, so a slow unit does not hold a whole share back.
    std::atomic<long> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto loop = [&](int worker) {
        try {
            for (long u = next++; u < units && !failed; u = next++) work(worker, u);
        } catch (...) {
            const std::lock_guard lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
            failed = true;
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(workers - 1));
    try {
        for (int w = 1; w < workers; ++w) pool.emplace_back(loop, w);
    } catch (const std::system_error&) {
        // The system gives no more threads (a process or memory limit): those started do
        // the work. Units are dealt as they are asked for, so the results are the same.
    }
    loop(0);
    for (auto& t : pool) t.join();
    if (first_error) std::rethrow_exception(first_error);
}

}  // namespace kaya::detail
