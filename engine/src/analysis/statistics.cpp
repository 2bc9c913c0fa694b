#include "analysis/statistics.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

#include "design/parallel.hpp"
#include "design/sampler.hpp"
#include "kaya/errors/error.hpp"

namespace kaya::detail {

std::uint64_t order_key(double x) noexcept {
    const auto u = std::bit_cast<std::uint64_t>(x);
    return (u >> 63) != 0 ? ~u : u | (std::uint64_t{1} << 63);
}

double from_order_key(std::uint64_t key) noexcept {
    return std::bit_cast<double>((key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key);
}

namespace {

using key_t = std::uint64_t;

constexpr long max_bins = long{1} << 12;

struct key_range {
    key_t lo = 0, hi = 0;  // inclusive
};

//! Bins of 2^shift consecutive keys from `first`; index 0 holds the keys below them and
//! index count + 1 those above.
struct key_bins {
    key_t first = 0;
    int shift = 0;
    long count = 1;

    static key_bins over(key_range r) {
        const key_t span = r.hi - r.lo;
        int shift = 0;
        while ((span >> shift) >= static_cast<key_t>(max_bins)) ++shift;
        return {r.lo, shift, static_cast<long>(span >> shift) + 1};
    }
    [[nodiscard]] long index(key_t key) const noexcept {
        if (key < first) return 0;
        const key_t d = (key - first) >> shift;
        return d >= static_cast<key_t>(count) ? count + 1 : static_cast<long>(d) + 1;
    }
    //! The keys of bin j within `whole`.
    [[nodiscard]] key_range range(long j, key_range whole) const {
        const key_t width = (key_t{1} << shift) - 1;  // keys in a bin, less one
        auto last_of = [&](key_t lo) { return lo > std::numeric_limits<key_t>::max() - width ? std::numeric_limits<key_t>::max() : lo + width; };
        if (j == 0) return {whole.lo, first - 1};
        const key_t top = last_of(first + (static_cast<key_t>(count - 1) << shift));
        if (j == count + 1) return {top + 1, whole.hi};
        const key_t lo = first + (static_cast<key_t>(j - 1) << shift);
        return {std::max(lo, whole.lo), std::min(last_of(lo), whole.hi)};
    }
};

struct filter {
    key_bins bins;
    long bin = 0;
    bool operator==(const filter& o) const {
        return bins.first == o.bins.first && bins.shift == o.bins.shift && bins.count == o.bins.count && bin == o.bin;
    }
};

//! The samples of a column that pass every filter of `chain`: kept, or histogrammed.
struct probe {
    int column = 0;
    std::vector<filter> chain;
    key_range range;   // the keys they may have
    long expected = 0; // how many there are
    bool keep = false;
    key_bins bins;     // when histogrammed
    std::vector<std::uint64_t> counts;
    std::vector<key_t> keys;

    [[nodiscard]] bool admits(key_t key) const noexcept {
        for (const filter& f : chain)
            if (f.bins.index(key) != f.bin) return false;
        return true;
    }
};

//! An order statistic: the sample of rank `rank` (from 0) among a column's finite samples,
//! or, once its probe is known, among the probe's.
struct target {
    int column = 0;
    long order = 0;  // the rank among the column's samples
    long rank = 0;   // the rank among its probe's
    int probe = -1;
    bool found = false;
    key_t key = 0;
};

//! Values from lo to hi, both included.
struct value_range {
    double lo = 0.0, hi = 0.0;
};

//! The values whose keys lie in `r`, and perhaps a zero of the other sign (-0 == +0 as
//! values); none when `r` holds no finite key.
std::optional<value_range> values_of(key_range r) {
    r.lo = std::max(r.lo, order_key(-std::numeric_limits<double>::infinity()));
    r.hi = std::min(r.hi, order_key(std::numeric_limits<double>::infinity()));
    if (r.lo > r.hi) return std::nullopt;
    return value_range{from_order_key(r.lo), from_order_key(r.hi)};
}

constexpr long chunk = 16;

//! Whether any of the `chunk` values from x lies in one of `ranges`. Written with the
//! vector extensions of GCC and clang, since GCC vectorises no comparison of doubles
//! written element by element.
bool any_within(const double* x, const std::vector<value_range>& ranges) {
    using doubles = double __attribute__((vector_size(16)));
    using masks = std::int64_t __attribute__((vector_size(16)));
    constexpr long width = sizeof(doubles) / sizeof(double);
    masks hit{};
    for (const value_range& r : ranges) {
        for (long i = 0; i < chunk; i += width) {
            doubles v;
            std::memcpy(&v, x + i, sizeof v);
            hit |= (v >= r.lo) & (v <= r.hi);
        }
    }
    masks any = hit;
    for (long i = 0; i < width; ++i) any[0] |= hit[i];
    return any[0] != 0;
}

}  // namespace

double type7(double p, long n, const std::function<double(long)>& order_statistic) {
    const double h = p * static_cast<double>(n - 1);
    const auto lo = static_cast<long>(std::floor(h));
    const double x_lo = order_statistic(lo);
    if (lo + 1 >= n) return x_lo;
    const double x_hi = order_statistic(lo + 1);
    return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

namespace {

class progress_counter {
public:
    progress_counter(const std::function<void(long, long)>& report, long total) : report_(report), total_(total) {}
    void add(long count) {
        if (!report_) return;
        const std::lock_guard lock(mutex_);
        done_ += count;
        total_ = std::max(total_, done_);
        report_(done_, total_);
    }
    void extend(long count) { total_ += count; }
    //! Fewer passes than foreseen: the work is done all the same.
    void finish() {
        if (report_ && done_ < total_) report_(done_, done_);
    }

private:
    const std::function<void(long, long)>& report_;
    long total_;
    long done_ = 0;
    std::mutex mutex_;
};

//! Runs `per_block(worker, source, unit, count)` over every block of every unit, units
//! dealt to threads.
template <class Work>
void for_each_block(const column_request& request, progress_counter& progress, Work&& per_block) {
    const long units = (request.samples + sample_unit - 1) / sample_unit;
    const int threads = static_cast<int>(std::min<long>(thread_count(request.threads), units));
    std::vector<std::unique_ptr<column_source>> sources(static_cast<std::size_t>(threads));
    parallel_units(units, threads, [&](int worker, long unit) {
        auto& source = sources[static_cast<std::size_t>(worker)];
        if (!source) source = request.source();
        const long begin = unit * sample_unit, end = std::min(request.samples, begin + sample_unit);
        for (long first = begin; first < end; first += source->block()) {
            const long count = std::min(source->block(), end - first);
            source->produce(first, count);
            per_block(worker, *source, unit, count);
            progress.add(count);
        }
    });
}

//! A few samples can be kept whole: the statistics are read off them directly.
std::vector<column_statistics> kept_whole(const column_request& request, column_source& source, const std::vector<double>& origin,
                                          progress_counter& progress) {
    const auto columns = static_cast<std::size_t>(request.columns);
    auto ordered = [&](std::size_t c) { return request.ordered.empty() || request.ordered[c] != 0; };
    // Order keys rather than values: integers sort faster, and -0 has its place before +0.
    std::vector<std::vector<key_t>> keys(columns);
    for (std::size_t c = 0; c < columns; ++c)
        if (ordered(c)) keys[c].reserve(static_cast<std::size_t>(request.samples));
    std::vector<long> finite(columns, 0);
    std::vector<column_statistics> out(columns);
    std::vector<double> deviation(columns, 0.0);
    for (long first = 0; first < request.samples; first += source.block()) {
        const long count = std::min(source.block(), request.samples - first);
        source.produce(first, count);
        for (std::size_t c = 0; c < columns; ++c) {
            const double* x = source.column(static_cast<int>(c));
            for (long i = 0; i < count; ++i) {
                if (!std::isfinite(x[i])) {
                    ++out[c].non_finite;
                    continue;
                }
                deviation[c] += x[i] - origin[c];
                ++finite[c];
                if (ordered(c)) keys[c].push_back(order_key(x[i]));
            }
        }
        progress.add(count);
    }
    for (std::size_t c = 0; c < columns; ++c) {
        std::vector<key_t>& v = keys[c];
        column_statistics& s = out[c];
        s.finite = finite[c];
        if (s.finite > 0) s.mean = origin[c] + deviation[c] / static_cast<double>(s.finite);
        if (!ordered(c)) continue;
        // Each order statistic by one selection, over the part of the keys not yet in place
        // (those below an earlier rank are already to its left).
        std::vector<long> placed;  // ranks in place, ascending
        auto order_statistic = [&](long rank) {
            const auto known = std::find_if(s.order.begin(), s.order.end(), [&](const auto& o) { return o.first == rank; });
            if (known != s.order.end()) return known->second;
            long from = 0, to = static_cast<long>(v.size());
            for (const long r : placed) {
                if (r < rank) from = r + 1;
                if (r > rank) {
                    to = r;
                    break;
                }
            }
            double x = 0.0;
            if (from == rank && rank > 0 && std::binary_search(placed.begin(), placed.end(), rank - 1)) {
                // The next after one in place: the least of those to its right.
                x = from_order_key(*std::min_element(v.begin() + from, v.begin() + to));
            } else {
                std::nth_element(v.begin() + from, v.begin() + rank, v.begin() + to);
                placed.insert(std::upper_bound(placed.begin(), placed.end(), rank), rank);
                x = from_order_key(v[static_cast<std::size_t>(rank)]);
            }
            s.order.emplace_back(rank, x);
            return x;
        };
        for (const double p : request.probabilities) s.quantiles.push_back(v.empty() ? NAN : type7(p, s.finite, order_statistic));
    }
    return out;
}

//! A pass over every sample for the probes: each keeps its samples' keys or histograms them.
void run_pass(const column_request& request, std::vector<probe>& probes, progress_counter& progress) {
    std::vector<std::vector<std::size_t>> of_column(static_cast<std::size_t>(request.columns));
    for (std::size_t i = 0; i < probes.size(); ++i) of_column[static_cast<std::size_t>(probes[i].column)].push_back(i);
    struct state {
        std::vector<std::vector<std::uint32_t>> counts;
        std::vector<std::vector<key_t>> keys;
    };
    std::vector<state> workers(static_cast<std::size_t>(thread_count(request.threads)));
    for (state& w : workers) {
        w.counts.resize(probes.size());
        w.keys.resize(probes.size());
    }
    // A sample is looked at only if its value lies within one of its column's probes'
    // ranges; the test is two comparisons per range, which the compiler vectorises, and
    // the exact one (admits) follows for the few that pass it.
    std::vector<std::vector<value_range>> within(of_column.size());
    for (std::size_t c = 0; c < of_column.size(); ++c) {
        std::vector<value_range>& v = within[c];
        for (const std::size_t pi : of_column[c])
            if (const auto r = values_of(probes[pi].range)) v.push_back(*r);
        std::sort(v.begin(), v.end(), [](const value_range& a, const value_range& b) { return a.lo < b.lo; });
        std::size_t merged = 0;
        for (const value_range& r : v) {
            if (merged > 0 && r.lo <= v[merged - 1].hi) v[merged - 1].hi = std::max(v[merged - 1].hi, r.hi);
            else v[merged++] = r;
        }
        v.resize(merged);
    }
    for_each_block(request, progress, [&](int worker, const column_source& source, long, long count) {
        state& w = workers[static_cast<std::size_t>(worker)];
        for (std::size_t c = 0; c < of_column.size(); ++c) {
            if (within[c].empty()) continue;
            const double* x = source.column(static_cast<int>(c));
            for (long i0 = 0; i0 < count; i0 += chunk) {
                const long i1 = std::min(count, i0 + chunk);
                if (i1 - i0 == chunk && !any_within(x + i0, within[c])) continue;
                for (long i = i0; i < i1; ++i) {
                    if (!std::isfinite(x[i])) continue;
                    const key_t k = order_key(x[i]);
                    for (const std::size_t pi : of_column[c]) {
                        const probe& p = probes[pi];
                        if (!p.admits(k)) continue;
                        if (p.keep) {
                            w.keys[pi].push_back(k);
                            continue;
                        }
                        auto& counts = w.counts[pi];
                        if (counts.empty()) counts.assign(static_cast<std::size_t>(p.bins.count + 2), 0);
                        ++counts[static_cast<std::size_t>(p.bins.index(k))];
                    }
                }
            }
        }
    });
    for (std::size_t pi = 0; pi < probes.size(); ++pi) {
        probe& p = probes[pi];
        if (p.keep) p.keys.reserve(static_cast<std::size_t>(p.expected));
        else p.counts.assign(static_cast<std::size_t>(p.bins.count + 2), 0);
        for (state& w : workers) {
            if (p.keep) {
                p.keys.insert(p.keys.end(), w.keys[pi].begin(), w.keys[pi].end());
                std::vector<key_t>().swap(w.keys[pi]);
            } else if (!w.counts[pi].empty()) {
                for (std::size_t j = 0; j < p.counts.size(); ++j) p.counts[j] += w.counts[pi][j];
            }
        }
    }
}

}  // namespace

std::vector<column_statistics> statistics_of_columns(const column_request& request) {
    const int columns = request.columns;
    const auto cols = static_cast<std::size_t>(columns);
    const long n = request.samples;
    // Per-thread counts are 32-bit.
    if (n < 1 || n > std::numeric_limits<std::int32_t>::max() || columns < 0) throw internal_error("statistics_of_columns: 1 to 2^31 - 1 samples");
    auto centred = [&](std::size_t c) { return request.centred.empty() || request.centred[c] != 0; };
    auto ordered = [&](std::size_t c) { return request.ordered.empty() || request.ordered[c] != 0; };
    progress_counter progress(request.progress, n <= sample_unit ? n : 2 * n);

    // The pilot: the first block gives each column's origin and the range its bins span.
    std::unique_ptr<column_source> pilot = request.source();
    const long pilot_count = std::min(pilot->block(), n);
    pilot->produce(0, pilot_count);
    std::vector<double> origin(cols, 0.0);
    std::vector<key_range> pilot_range(cols, key_range{order_key(-std::numeric_limits<double>::max()),
                                                       order_key(std::numeric_limits<double>::max())});
    for (std::size_t c = 0; c < cols; ++c) {
        const double* x = pilot->column(static_cast<int>(c));
        if (centred(c) && std::isfinite(x[0])) origin[c] = x[0];
        key_range r{std::numeric_limits<key_t>::max(), 0};
        for (long i = 0; i < pilot_count; ++i) {
            if (!std::isfinite(x[i])) continue;
            const key_t k = order_key(x[i]);
            r.lo = std::min(r.lo, k);
            r.hi = std::max(r.hi, k);
        }
        if (r.lo <= r.hi) pilot_range[c] = r;
    }
    if (n <= sample_unit) return kept_whole(request, *pilot, origin, progress);
    pilot.reset();

    // Pass 1: sums by unit, extremes, and the histograms.
    const long units = (n + sample_unit - 1) / sample_unit;
    std::vector<key_bins> base(cols);
    for (std::size_t c = 0; c < cols; ++c) base[c] = key_bins::over(pilot_range[c]);
    struct first_pass {
        std::vector<long> finite, non_finite;
        std::vector<key_t> lo, hi;
        std::vector<std::vector<std::uint32_t>> counts;
        std::vector<std::size_t> plain;  // the columns of a block whose samples are all finite
        std::vector<double> before;      // the unit's sums before the block
    };
    const int max_threads = thread_count(request.threads);
    std::vector<first_pass> passes(static_cast<std::size_t>(max_threads));
    std::vector<double> unit_sums(static_cast<std::size_t>(units) * cols, 0.0);
    for (auto& w : passes) {
        w.finite.assign(cols, 0);
        w.non_finite.assign(cols, 0);
        w.lo.assign(cols, std::numeric_limits<key_t>::max());
        w.hi.assign(cols, 0);
        w.counts.resize(cols);
        w.before.resize(cols);
    }
    for_each_block(request, progress, [&](int worker, const column_source& source, long unit, long count) {
        first_pass& w = passes[static_cast<std::size_t>(worker)];
        double* sums = unit_sums.data() + static_cast<std::size_t>(unit) * cols;
        // Sums in sample order within the unit (a unit is one thread's, whole), four columns
        // at a time so that their chains of additions overlap. A sum that is still finite
        // had only finite samples; any other is taken again, sample by sample, below.
        std::copy(sums, sums + cols, w.before.begin());
        std::size_t q = 0;
        for (; q + 4 <= cols; q += 4) {
            const double *x0 = source.column(static_cast<int>(q)), *x1 = source.column(static_cast<int>(q + 1)),
                         *x2 = source.column(static_cast<int>(q + 2)), *x3 = source.column(static_cast<int>(q + 3));
            double s0 = sums[q], s1 = sums[q + 1], s2 = sums[q + 2], s3 = sums[q + 3];
            const double o0 = origin[q], o1 = origin[q + 1], o2 = origin[q + 2], o3 = origin[q + 3];
            for (long i = 0; i < count; ++i) {
                s0 += x0[i] - o0;
                s1 += x1[i] - o1;
                s2 += x2[i] - o2;
                s3 += x3[i] - o3;
            }
            sums[q] = s0, sums[q + 1] = s1, sums[q + 2] = s2, sums[q + 3] = s3;
        }
        for (; q < cols; ++q) {
            const double* x = source.column(static_cast<int>(q));
            double sum = sums[q];
            for (long i = 0; i < count; ++i) sum += x[i] - origin[q];
            sums[q] = sum;
        }
        w.plain.clear();
        for (q = 0; q < cols; ++q) {
            if (std::isfinite(sums[q])) {
                w.plain.push_back(q);
            } else {
                sums[q] = w.before[q];
            }
        }
        for (std::size_t c = 0, next_plain = 0; c < cols; ++c) {
            const double* x = source.column(static_cast<int>(c));
            const bool plain = next_plain < w.plain.size() && w.plain[next_plain] == c;
            next_plain += plain;
            if (!ordered(c)) {  // a sum is all it needs
                long finite = count;
                if (!plain) {
                    double sum = sums[c];
                    finite = 0;
                    for (long i = 0; i < count; ++i) {
                        if (!std::isfinite(x[i])) continue;
                        ++finite;
                        sum += x[i] - origin[c];
                    }
                    sums[c] = sum;
                }
                w.finite[c] += finite;
                w.non_finite[c] += count - finite;
                continue;
            }
            const key_bins bins = base[c];
            auto& counts = w.counts[c];
            if (counts.empty()) counts.assign(static_cast<std::size_t>(bins.count + 2), 0);
            key_t lo = w.lo[c], hi = w.hi[c];
            long finite = 0;
            if (plain) {  // as nearly always: no test per sample
                finite = count;
                for (long i = 0; i < count; ++i) {
                    const key_t k = order_key(x[i]);
                    lo = std::min(lo, k);
                    hi = std::max(hi, k);
                    ++counts[static_cast<std::size_t>(bins.index(k))];
                }
            } else {
                double sum = sums[c];
                for (long i = 0; i < count; ++i) {
                    if (!std::isfinite(x[i])) continue;
                    ++finite;
                    sum += x[i] - origin[c];
                    const key_t k = order_key(x[i]);
                    lo = std::min(lo, k);
                    hi = std::max(hi, k);
                    ++counts[static_cast<std::size_t>(bins.index(k))];
                }
                sums[c] = sum;
            }
            w.lo[c] = lo;
            w.hi[c] = hi;
            w.finite[c] += finite;
            w.non_finite[c] += count - finite;
        }
    });

    std::vector<column_statistics> out(cols);
    std::vector<key_range> whole(cols, key_range{std::numeric_limits<key_t>::max(), 0});
    std::vector<probe> probes(cols);
    for (std::size_t c = 0; c < cols; ++c) {
        probe& p = probes[c];
        p.column = static_cast<int>(c);
        p.bins = base[c];
        p.counts.assign(static_cast<std::size_t>(base[c].count + 2), 0);
        for (const first_pass& w : passes) {
            out[c].finite += w.finite[c];
            out[c].non_finite += w.non_finite[c];
            whole[c].lo = std::min(whole[c].lo, w.lo[c]);
            whole[c].hi = std::max(whole[c].hi, w.hi[c]);
            if (w.counts[c].empty()) continue;
            for (std::size_t j = 0; j < p.counts.size(); ++j) p.counts[j] += w.counts[c][j];
        }
        p.range = whole[c];
        p.expected = out[c].finite;
        double sum = 0.0;
        for (long u = 0; u < units; ++u) sum += unit_sums[static_cast<std::size_t>(u) * cols + c];
        if (out[c].finite > 0) out[c].mean = origin[c] + sum / static_cast<double>(out[c].finite);
    }
    passes.clear();

    // The order statistics each quantile needs.
    std::vector<target> targets;
    for (std::size_t c = 0; c < cols; ++c) {
        const long finite = out[c].finite;
        if (finite == 0 || !ordered(c)) continue;
        for (const double p : request.probabilities) {
            const auto lo = static_cast<long>(std::floor(p * static_cast<double>(finite - 1)));
            for (const long rank : {lo, lo + 1}) {
                if (rank >= finite) continue;
                const bool known = std::any_of(targets.begin(), targets.end(),
                                               [&](const target& t) { return t.column == static_cast<int>(c) && t.order == rank; });
                if (!known) targets.push_back({static_cast<int>(c), rank, rank, static_cast<int>(c)});
            }
        }
    }

    // Narrow each order statistic down, a pass at a time, until its bin can be kept.
    int passes_run = 1;
    while (true) {
        std::vector<probe> next;
        for (target& t : targets) {
            if (t.found) continue;
            probe& p = probes[static_cast<std::size_t>(t.probe)];
            if (p.keep) {
                const auto at = p.keys.begin() + t.rank;
                std::nth_element(p.keys.begin(), at, p.keys.end());
                t.key = *at;
                t.found = true;
                continue;
            }
            long j = 0;
            for (std::uint64_t below = 0;; ++j) {
                if (below + p.counts[static_cast<std::size_t>(j)] > static_cast<std::uint64_t>(t.rank)) {
                    t.rank -= static_cast<long>(below);
                    break;
                }
                below += p.counts[static_cast<std::size_t>(j)];
            }
            probe q;
            q.column = t.column;
            q.chain = p.chain;
            q.chain.push_back({p.bins, j});
            q.range = p.bins.range(j, p.range);
            q.expected = static_cast<long>(p.counts[static_cast<std::size_t>(j)]);
            if (q.range.lo == q.range.hi) {  // one value
                t.key = q.range.lo;
                t.found = true;
                continue;
            }
            const auto same = std::find_if(next.begin(), next.end(), [&](const probe& o) { return o.column == q.column && o.chain == q.chain; });
            t.probe = static_cast<int>(same - next.begin());
            if (same == next.end()) next.push_back(std::move(q));
        }
        if (next.empty()) break;
        // Keep the smallest bins while the limit allows; histogram the others again.
        std::vector<std::size_t> order(next.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return next[a].expected < next[b].expected; });
        long kept = 0;
        for (const std::size_t i : order) {
            probe& q = next[i];
            q.keep = kept + q.expected <= request.keep_limit;
            if (q.keep) {
                kept += q.expected;
            } else {
                q.bins = key_bins::over(q.range);
            }
        }
        probes = std::move(next);
        if (++passes_run > 2) progress.extend(n);
        run_pass(request, probes, progress);
    }

    progress.finish();
    for (const target& t : targets) out[static_cast<std::size_t>(t.column)].order.emplace_back(t.order, from_order_key(t.key));
    for (std::size_t c = 0; c < cols; ++c) {
        if (!ordered(c)) continue;
        for (const double p : request.probabilities) {
            if (out[c].finite == 0) {
                out[c].quantiles.push_back(NAN);
                continue;
            }
            out[c].quantiles.push_back(type7(p, out[c].finite, [&](long rank) {
                const auto t = std::find_if(targets.begin(), targets.end(),
                                            [&](const target& x) { return x.column == static_cast<int>(c) && x.order == rank; });
                return from_order_key(t->key);
            }));
        }
    }
    return out;
}

}  // namespace kaya::detail
