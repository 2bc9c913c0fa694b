#pragma once
// Work shared among threads. Work is cut into units that do not depend on the number of
// threads, and each unit's result depends only on the unit, so a run gives the same bits
// on one thread or many.

#include <functional>

namespace kaya::detail {

//! The threads that `requested` means: itself when positive, otherwise every core.
[[nodiscard]] int thread_count(int requested);

//! Calls `work(worker, unit)` once for every unit in [0, units), on at most `threads`
//! threads, `worker` in [0, threads) naming the thread (for per-thread state). The first
//! exception thrown stops the work and is rethrown here once every thread has stopped.
void parallel_units(long units, int threads, const std::function<void(int worker, long unit)>& work);

}  // namespace kaya::detail
