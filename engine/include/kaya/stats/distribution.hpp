#pragma once
//! Probability distributions of uncertain parameters, in base units.
//!
//! Every distribution is sampled through its inverse CDF (quantile function) from a
//! uniform draw u in (0, 1), so the same code maps Monte Carlo draws and low-discrepancy
//! designs, and draws are reproducible on every platform.

#include <string>

namespace kaya {

class distribution {
public:
    enum class family { fixed, uniform, triangular, normal, lognormal };

    //! A value without uncertainty.
    static distribution fixed(double value);
    //! Uniform on [low, high].
    static distribution uniform(double low, double high);
    //! Triangular with the given mode on [low, high].
    static distribution triangular(double low, double mode, double high);
    //! Normal with the given mean and standard deviation; with `truncate_at_zero`, the
    //! density is cut at 0 and renormalised (the parameters stay those of the parent).
    static distribution normal(double mean, double sd, bool truncate_at_zero);
    //! Lognormal with the given median and geometric standard deviation (gsd > 1):
    //! ln X ~ N(ln median, ln gsd).
    static distribution lognormal(double median, double gsd);

    [[nodiscard]] family kind() const noexcept { return family_; }
    [[nodiscard]] bool is_fixed() const noexcept { return family_ == family::fixed; }
    //! The quantile function at u in (0, 1).
    [[nodiscard]] double quantile(double u) const;
    //! Maps `n` uniform draws to values, in place.
    void quantiles(double* u, long n) const;
    //! The central value: the value, mode, mean or median by family.
    [[nodiscard]] double centre() const;
    //! The analytic mean (for tests and reports).
    [[nodiscard]] double mean() const;

    [[nodiscard]] double a() const noexcept { return a_; }
    [[nodiscard]] double b() const noexcept { return b_; }
    [[nodiscard]] double c() const noexcept { return c_; }

private:
    distribution(family f, double a, double b, double c) : family_(f), a_(a), b_(b), c_(c) {}
    family family_;
    // fixed: a = value. uniform: a = low, b = high. triangular: a = low, b = mode, c = high.
    // normal: a = mean, b = sd, c = Phi(lower bound) (0 when not truncated).
    // lognormal: a = ln median, b = ln gsd.
    double a_, b_, c_;
};

//! The standard normal quantile function (Wichura's AS 241, relative error < 1e-15).
[[nodiscard]] double normal_quantile(double p);
//! The standard normal CDF.
[[nodiscard]] double normal_cdf(double x);

}  // namespace kaya
