#include "kaya/stats/distribution.hpp"


#include <cmath>
#include <numbers>

namespace kaya {

distribution distribution::fixed(double value) { return {family::fixed, value, 0.0, 0.0}; }

distribution distribution::uniform(double low, double high) {
    return {family::uniform, low, high, 0.0};
}

distribution distribution::triangular(double low, double mode, double high) {
    return {family::triangular, low, mode, high};
}

distribution distribution::normal(double mean, double sd, bool truncate_at_zero) {
    const double lower = truncate_at_zero ? normal_cdf(-mean / sd) : 0.0;
    return {family::normal, mean, sd, lower};
}

distribution distribution::lognormal(double median, double gsd) {
    return {family::lognormal, std::log(median), std::log(gsd), 0.0};
}

double distribution::quantile(double u) const {
    switch (family_) {
        case family::fixed: return a_;
        case family::uniform: return a_ + u * (b_ - a_);
        case family::triangular: {
            const double width = c_ - a_;
            if (width <= 0.0) return a_;
            // Associated as in quantiles(), so both give the same bits.
            const double f = (b_ - a_) / width;
            return u < f ? a_ + std::sqrt(u * (width * (b_ - a_)))
                         : c_ - std::sqrt((1.0 - u) * (width * (c_ - b_)));
        }
        case family::normal: return a_ + b_ * normal_quantile(c_ + u * (1.0 - c_));
        case family::lognormal: return std::exp(a_ + b_ * normal_quantile(u));
    }
    return a_;
}

void distribution::quantiles(double* u, long n) const {
    // One loop per family, without a branch inside, so that the compiler can vectorise.
    switch (family_) {
        case family::fixed:
            for (long i = 0; i < n; ++i) u[i] = a_;
            return;
        case family::uniform: {
            const double width = b_ - a_;
            for (long i = 0; i < n; ++i) u[i] = a_ + u[i] * width;
            return;
        }
        case family::triangular: {
            const double width = c_ - a_;
            if (width <= 0.0) {
                for (long i = 0; i < n; ++i) u[i] = a_;
                return;
            }
            const double f = (b_ - a_) / width, left = width * (b_ - a_), right = width * (c_ - b_);
            // One square root per draw: the branch picks its argument and its sign.
            for (long i = 0; i < n; ++i) {
                const bool below_mode = u[i] < f;
                const double root = std::sqrt(below_mode ? u[i] * left : (1.0 - u[i]) * right);
                u[i] = below_mode ? a_ + root : c_ - root;
            }
            return;
        }
        case family::normal:
        case family::lognormal:
            for (long i = 0; i < n; ++i) u[i] = quantile(u[i]);
            return;
    }
}

double distribution::centre() const {
    switch (family_) {
        case family::fixed: return a_;
        case family::uniform: return 0.5 * (a_ + b_);
        case family::triangular: return b_;
        case family::normal: return a_;
        case family::lognormal: return std::exp(a_);
    }
    return a_;
}

double distribution::mean() const {
    switch (family_) {
        case family::fixed: return a_;
        case family::uniform: return 0.5 * (a_ + b_);
        case family::triangular: return (a_ + b_ + c_) / 3.0;
        case family::normal: {
            if (c_ == 0.0) return a_;
            // Mean of a normal truncated below at 0: mu + sd * phi(alpha) / (1 - Phi(alpha)).
            const double alpha = -a_ / b_;
            const double phi = std::exp(-0.5 * alpha * alpha) / std::sqrt(2.0 * std::numbers::pi);
            return a_ + b_ * phi / (1.0 - c_);
        }
        case family::lognormal: return std::exp(a_ + 0.5 * b_ * b_);
    }
    return a_;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double normal_quantile(double p) {
    // Wichura, M. J. (1988), Algorithm AS 241, Applied Statistics 37(3), 477-484 (PPND16).
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        const double r = 0.180625 - q * q;
        return q *
               (((((((2509.0809287301226727 * r + 33430.575583588128105) * r +
                     67265.770927008700853) * r + 45921.953931549871457) * r +
                   13731.693765509461125) * r + 1971.5909503065514427) * r +
                 133.14166789178437745) * r + 3.387132872796366608) /
               (((((((5226.495278852545925 * r + 28729.085735721942674) * r +
                     39307.89580009271061) * r + 21213.794301586595867) * r +
                   5394.1960214247511077) * r + 687.1870074920579083) * r +
                 42.313330701600911252) * r + 1.0);
    }
    double r = q < 0.0 ? p : 1.0 - p;
    if (r <= 0.0) return q < 0.0 ? -INFINITY : INFINITY;
    r = std::sqrt(-std::log(r));
    double value;
    if (r <= 5.0) {
        r -= 1.6;
        value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
                      0.24178072517745061177) * r + 1.27045825245236838258) * r +
                    3.64784832476320460504) * r + 5.7694972214606914055) * r +
                  4.6303378461565452959) * r + 1.42343711074968357734) /
                (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
                      0.0151986665636164571966) * r + 0.14810397642748007459) * r +
                    0.68976733498510000455) * r + 1.6763848301838038494) * r +
                  2.05319162663775882187) * r + 1.0);
    } else {
        r -= 5.0;
        value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                      0.0012426609473880784386) * r + 0.026532189526576123093) * r +
                    0.29656057182850489123) * r + 1.7848265399172913358) * r +
                  5.4637849111641143699) * r + 6.6579046435011037772) /
                (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
                      1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
                    0.0148753612908506148525) * r + 0.13692988092273580531) * r +
                  0.59983220655588793769) * r + 1.0);
    }
    return q < 0.0 ? -value : value;
}

}  // namespace kaya
