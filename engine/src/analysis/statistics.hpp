#pragma once
// Exact statistics of sample columns without keeping the samples.
//
// The samples are regenerated rather than stored: a column source produces any range of
// them on demand (the Monte Carlo streams are counter-based). A first pass takes each
// column's mean, extremes and a histogram of order keys over the range a pilot block
// suggests; a second pass keeps only the samples in the bins that hold the order
// statistics asked for, and selects them exactly. A bin too full to keep is histogrammed
// again, finer, so memory stays bounded whatever the distribution. Percentiles are
// therefore exactly those of the full sample (Hyndman and Fan type 7), and every result
// is the same on any number of threads.

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace kaya::detail {

//! Columns of samples, a block at a time; each thread has its own.
class column_source {
public:
    virtual ~column_source() = default;
    //! The most samples one call of `produce` takes.
    [[nodiscard]] virtual long block() const = 0;
    //! Produces samples [first, first + count) of every column, count <= block().
    virtual void produce(long first, long count) = 0;
    //! Column `c` of the samples last produced.
    [[nodiscard]] virtual const double* column(int c) const = 0;
};

struct column_request {
    int columns = 0;
    long samples = 0;
    std::vector<double> probabilities;  //!< the quantiles wanted, each in [0, 1]
    //! Per column, whether its mean is taken about its first sample, so that a column of
    //! one value has exactly that value as its mean (empty: every column).
    std::vector<char> centred;
    //! Per column, whether its quantiles are wanted; a column without them costs a sum
    //! (empty: every column).
    std::vector<char> ordered;
    int threads = 0;  //!< 0: every core
    //! The most sample keys a pass keeps in memory, over all columns and threads (32 MiB); a
    //! bin that would pass it is histogrammed again, finer, in a further pass.
    long keep_limit = long{1} << 22;
    std::function<std::unique_ptr<column_source>()> source;
    std::function<void(long done, long total)> progress;
};

//! Statistics over the finite samples of a column.
struct column_statistics {
    long finite = 0;
    long non_finite = 0;
    double mean = NAN;
    std::vector<double> quantiles;  //!< by column_request::probabilities; NaN without finite samples
    //! The order statistics the quantiles are interpolated between: (rank from 0, value).
    std::vector<std::pair<long, double>> order;
};

//! The p-quantile of n finite samples (Hyndman and Fan type 7) from their order statistics.
[[nodiscard]] double type7(double p, long n, const std::function<double(long rank)>& order_statistic);

[[nodiscard]] std::vector<column_statistics> statistics_of_columns(const column_request& request);

//! The order of doubles as unsigned integers: a < b exactly when order_key(a) <
//! order_key(b), for finite values (-0 before +0).
[[nodiscard]] std::uint64_t order_key(double x) noexcept;
[[nodiscard]] double from_order_key(std::uint64_t key) noexcept;

}  // namespace kaya::detail
