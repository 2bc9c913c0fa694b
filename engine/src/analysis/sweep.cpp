#include "kaya/analysis/sweep.hpp"
#include "kaya/analysis/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <mutex>
#include <optional>

#include "design/parallel.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/override.hpp"

namespace kaya {
namespace {

// Splits on commas that are not inside [], {} or quotes: "1, {value: 2, uniform: [1, 3]}".
std::vector<std::string> split_values(std::string_view text) {
    std::vector<std::string> out;
    int depth = 0;
    char quote = 0;
    std::string current;
    for (const char c : text) {
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 0) {
            out.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    out.push_back(current);
    for (auto& v : out) {
        const auto b = v.find_first_not_of(' ');
        const auto e = v.find_last_not_of(' ');
        v = b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
    }
    return out;
}

}  // namespace

sweep_axis parse_axis(std::string_view option, const catalog& c, std::string_view origin) {
    const std::size_t eq = option.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == option.size()) {
        throw input_error::invalid_option(origin, fmt::format("expected NAME=v1,v2,... or NAME=catalog:KIND, got '{}'", option));
    }
    sweep_axis axis{std::string(option.substr(0, eq)), {}, std::string(origin)};
    const std::string_view spec = option.substr(eq + 1);
    if (spec.starts_with("catalog:")) {
        std::string_view rest = spec.substr(8);
        std::string search;
        if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
            search = std::string(rest.substr(colon + 1));
            rest = rest.substr(0, colon);
        }
        const bool countries = rest == "countries";
        const auto kind = countries ? std::optional(catalog_kind::grids) : parse_kind(rest);
        if (!kind) {
            throw input_error::invalid_option(origin, fmt::format("expected catalog:hardware, catalog:grids, catalog:datacentres or "
                                                                    "catalog:countries, got 'catalog:{}'", rest));
        }
        for (const catalog_entry* e : c.list(kind, search)) {
            // A country's grid is the entry whose id is its own country code.
            const auto country = e->text.find("country");
            if (countries && (country == e->text.end() || country->second != e->id)) continue;
            axis.values.push_back(e->id);
        }
        if (axis.values.empty()) {
            throw input_error::invalid_option(origin, fmt::format("no catalogue entry matches '{}'", spec));
        }
        return axis;
    }
    axis.values = split_values(spec);
    for (const auto& v : axis.values) {
        if (v.empty()) throw input_error::invalid_option(origin, fmt::format("an empty value in '{}'", option));
    }
    return axis;
}

sweep_result sweep(const scenario& base, const std::vector<sweep_axis>& axes, const std::vector<std::string>& catalogues,
                   const run_options& options) {
    sweep_result out;
    out.scenario = base.name;
    out.samples = options.samples;
    out.seed = options.seed;
    for (const auto& a : axes) out.axes.push_back(a.name);
    // Every combination, the first axis varying slowest.
    std::vector<std::vector<std::size_t>> combinations;
    for (std::vector<std::size_t> index(axes.size(), 0);;) {
        combinations.push_back(index);
        std::size_t k = axes.size();
        while (k > 0 && ++index[k - 1] == axes[k - 1].values.size()) index[--k] = 0;
        if (k == 0) break;
    }
    // Rows are independent: they are dealt to threads, one thread each, and each keeps its
    // place. A row that fails keeps its error, and the first in row order is the one thrown,
    // so the message does not depend on the threads.
    std::vector<sweep_row> rows(combinations.size());
    std::vector<std::optional<run_result>> results(combinations.size());
    std::vector<std::exception_ptr> errors(combinations.size());
    std::mutex progress_mutex;
    long rows_done = 0;
    // Once a row has failed, rows after it are not run: the first failure in row order is
    // the one reported, and it is found without sampling the rest.
    std::atomic<long> first_failed{static_cast<long>(combinations.size())};
    const long total = static_cast<long>(combinations.size()) * options.samples;
    const int threads = detail::thread_count(options.threads);
    detail::parallel_units(static_cast<long>(combinations.size()), threads, [&](int, long unit) {
        const auto u = static_cast<std::size_t>(unit);
        if (unit > first_failed) return;
        try {
            scenario s = base;
            sweep_row& row = rows[u];
            for (std::size_t k = 0; k < axes.size(); ++k) {
                const std::string& value = axes[k].values[combinations[u][k]];
                apply_override(s, axes[k].name, value, axes[k].origin);
                row.values.push_back(value);
            }
            model m;
            try {
                m = compile(s, catalogues);
            } catch (const error& e) {
                // Which value of which axis made the scenario invalid, then what was wrong.
                std::string which;
                for (std::size_t k = 0; k < axes.size(); ++k) which += fmt::format("{}{}={}", k ? ", " : "", axes[k].name, row.values[k]);
                throw input_error::invalid_option(axes.front().origin, fmt::format("with {}: {}", which, e.message()));
            }
            run_options row_options = options;
            row_options.progress = nullptr;
            row_options.threads = 1;
            // A row shows its totals and parity: nothing else is summarised.
            results[u] = run_monte_carlo(m, row_options, run_scope::totals);
        } catch (...) {
            errors[u] = std::current_exception();
            for (long seen = first_failed; unit < seen && !first_failed.compare_exchange_weak(seen, unit);) {
            }
        }
        if (options.progress) {
            const std::lock_guard lock(progress_mutex);
            options.progress(++rows_done * options.samples, total);
        }
    });
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    out.indicators = results.front()->indicators;
    out.accounting = results.front()->accounting;
    for (std::size_t u = 0; u < rows.size(); ++u) {
        // Rows report the first row's indicators: an axis over catalogues cannot add one.
        for (const auto& ind : out.indicators) rows[u].total.push_back(total_of(*results[u], ind.key));
        rows[u].parity = results[u]->parity;
    }
    out.rows = std::move(rows);
    return out;
}

void sort_rows(sweep_result& r, std::size_t k, bool descending) {
    std::stable_sort(r.rows.begin(), r.rows.end(), [&](const sweep_row& x, const sweep_row& y) {
        const bool xa = x.total[k].assessed(), ya = y.total[k].assessed();
        if (xa != ya) return xa;
        if (!xa) return false;
        return descending ? x.total[k].nominal > y.total[k].nominal : x.total[k].nominal < y.total[k].nominal;
    });
}

}  // namespace kaya

namespace kaya {

void check_sweep_axes(const std::vector<sweep_axis>& axes) {
    std::size_t rows = 1;
    for (std::size_t a = 0; a < axes.size(); ++a) {
        for (std::size_t k = 0; k < a; ++k) {
            if (axes[k].name == axes[a].name) {
                throw input_error::invalid_option(axes[a].origin, fmt::format("'{}' is varied twice; give all its values in one axis", axes[k].name));
            }
        }
        // Checked before multiplying, so that no product can wrap around.
        if (axes[a].values.empty() || rows > max_sweep_rows / axes[a].values.size()) {
            throw input_error::invalid_option(axes[a].origin, fmt::format("more than {} combinations", max_sweep_rows));
        }
        rows *= axes[a].values.size();
    }
}

std::size_t sweep_sort_key(const sweep_result& r, const std::string& key, std::string_view subject) {
    std::vector<std::string> keys;
    std::optional<std::size_t> by;
    std::string near;
    std::string lower = key;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        keys.push_back(r.indicators[k].key);
        if (r.indicators[k].key == key) by = k;
        if (r.indicators[k].key == lower) near = fmt::format("; did you mean '{}'?", lower);
    }
    if (!by) {
        throw input_error::invalid_option(subject, fmt::format("no category '{}'{} the categories: {}", key, near.empty() ? ";" : near,
                                                               fmt::join(keys, ", ")));
    }
    // Sorting by what no row assesses would leave the rows as they are, and say nothing.
    const bool any = std::any_of(r.rows.begin(), r.rows.end(), [&](const sweep_row& row) { return row.total[*by].assessed(); });
    if (!any) {
        throw input_error::invalid_option(subject, fmt::format("'{}' is not assessed in any row: no source gives a factor it needs "
                                                               "(a run shows the coverage)", key));
    }
    return *by;
}

}  // namespace kaya
