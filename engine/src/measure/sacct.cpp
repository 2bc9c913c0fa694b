// Slurm's `sacct --parsable2`: a header line, then one line per allocation and one per job
// step, fields separated by `|` and never quoted. A step's JobID has a '.' (123.batch,
// 123.extern, 123.0); an array task (123_4) and a heterogeneous component (123+0) are
// allocations of their own. Read as a stream, into sums per group and partition.
#include "kaya/measure/sacct.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <istream>
#include <map>
#include <string_view>
#include <functional>
#include <unordered_map>

#include "kaya/errors/error.hpp"
#include "measure/pattern.hpp"
#include "measure/timestamp.hpp"
#include "text/utf8.hpp"

namespace kaya {
namespace {

std::optional<std::int64_t> integer(std::string_view s) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

// Elapsed as sacct prints it: [D-]HH:MM:SS or MM:SS (fractions dropped, as sacct does). After
// a day count, Slurm's time formats read hours first: D-HH, D-HH:MM, D-HH:MM:SS.
std::optional<double> elapsed_text(std::string_view s) {
    std::int64_t days = 0;
    const std::size_t dash = s.find('-');
    if (dash != std::string_view::npos) {
        const auto d = integer(s.substr(0, dash));
        if (!d || *d > 1'000'000) return std::nullopt;  // a million days: past any time limit
        days = *d;
        s.remove_prefix(dash + 1);
    }
    std::int64_t parts[3] = {0, 0, 0};
    int n = 0;
    while (true) {
        const std::size_t colon = s.find(':');
        if (n == 3) return std::nullopt;
        const std::string_view part = s.substr(0, colon);
        const auto v = part.size() <= 10 ? integer(part) : std::nullopt;
        if (!v) return std::nullopt;
        parts[n++] = *v;
        if (colon == std::string_view::npos) break;
        s.remove_prefix(colon + 1);
    }
    std::int64_t h = 0, m = 0, sec = 0;
    if (dash != std::string_view::npos) {
        h = parts[0];
        m = n > 1 ? parts[1] : 0;
        sec = n > 2 ? parts[2] : 0;
        if (h > 23) return std::nullopt;
    } else {
        if (n < 2) return std::nullopt;
        h = n == 3 ? parts[0] : 0;
        m = parts[n - 2];
        sec = parts[n - 1];
    }
    // Minutes and seconds below 60 wherever a larger unit precedes them.
    if (sec > 59 || (m > 59 && (n == 3 || dash != std::string_view::npos))) return std::nullopt;
    return static_cast<double>(((days * 24 + h) * 60 + m) * 60 + sec);
}

// GPUs in AllocTRES (`cpu=8,gres/gpu=4,mem=...`): the untyped count, else the typed ones summed.
std::optional<std::int64_t> tres_gpus(std::string_view tres) {
    std::int64_t typed = 0;
    bool any = false;
    while (!tres.empty()) {
        const std::size_t comma = tres.find(',');
        const std::string_view item = tres.substr(0, comma);
        if (item.rfind("gres/gpu", 0) == 0) {
            const std::size_t eq = item.find('=');
            const auto n = eq == std::string_view::npos ? std::nullopt : integer(item.substr(eq + 1));
            if (!n || *n > 1'000'000'000) return std::nullopt;
            if (item[8] == '=') return *n;
            typed += *n;
            any = true;
        }
        if (comma == std::string_view::npos) break;
        tres.remove_prefix(comma + 1);
    }
    return any ? typed : 0;
}

// More nodes or GPUs than any machine has: a broken field, not a job.
constexpr std::int64_t max_count = 10'000'000;

bool failed_state(std::string_view state) {
    const std::string_view word = state.substr(0, state.find(' '));  // "CANCELLED by 1234"
    for (const char* s : {"FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "PREEMPTED"})
        if (word == s) return true;
    return false;
}

// Lines of a stream, each at most max_measurement_line bytes, read in large blocks.
class line_reader {
public:
    explicit line_reader(std::istream& in) : in_(in) {}
    //! The next line without its line break, or nothing at the end.
    std::optional<std::string_view> next() {
        while (true) {
            const std::size_t nl = buffer_.find('\n', pos_);
            if (nl != std::string::npos) {
                if (nl - pos_ > max_measurement_line) {
                    long_ = true;
                    return std::nullopt;
                }
                std::string_view line(buffer_.data() + pos_, nl - pos_);
                pos_ = nl + 1;
                return trim(line);
            }
            if (buffer_.size() - pos_ > max_measurement_line) {  // too long: the caller checks long_line()
                long_ = true;
                return std::nullopt;
            }
            buffer_.erase(0, pos_);
            pos_ = 0;
            const std::size_t have = buffer_.size();
            buffer_.resize(have + block);
            in_.read(buffer_.data() + have, static_cast<std::streamsize>(block));
            buffer_.resize(have + static_cast<std::size_t>(in_.gcount()));
            if (buffer_.size() == have) {
                if (have == 0) return std::nullopt;
                std::string_view line(buffer_.data(), have);
                pos_ = have;
                return trim(line);
            }
        }
    }
    [[nodiscard]] bool long_line() const { return long_; }

private:
    static std::string_view trim(std::string_view line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return line;
    }
    static constexpr std::size_t block = 1 << 20;
    std::istream& in_;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool long_ = false;
};

void split(std::string_view line, std::vector<std::string_view>& out) {
    out.clear();
    while (true) {
        const std::size_t bar = line.find('|');
        out.push_back(line.substr(0, bar));
        if (bar == std::string_view::npos) return;
        line.remove_prefix(bar + 1);
    }
}

}  // namespace

const cluster_partition* cluster_description::partition(std::string_view id) const {
    for (const auto& p : partitions)
        if (p.name == id) return &p;
    return nullptr;
}

double node_equivalent_seconds(const sacct_usage& u, const cluster_partition& p) {
    return p.gpus_per_node ? u.gpu_seconds / static_cast<double>(*p.gpus_per_node) + u.gpuless_node_seconds : u.node_seconds;
}

sacct_accounting read_sacct(std::istream& in, const std::string& path, const sacct_rule& rule, bool skip_broken) {
    sacct_accounting out;
    out.path = path;
    line_reader lines(in);
    int n = 0;
    auto at_line = [&](std::string_view line, int number, int col) {
        return source_loc{std::make_shared<const source_file>(path, std::string(line), number), number, col};
    };
    auto at = [&](std::string_view line, int col) { return at_line(line, n, col); };
    auto too_long = [&]() {
        throw input_error::invalid_value({std::make_shared<const source_file>(path, "", n + 1), n + 1, 1},
                                         fmt::format("a line of at most {} bytes", max_measurement_line), "a longer line");
    };
    const auto header_line = lines.next();
    ++n;
    if (!header_line) {
        if (lines.long_line()) too_long();
        throw input_error::invalid_value(at("", 1), "a sacct header line (sacct --parsable2)", "an empty file");
    }
    std::string header_text(*header_line);
    if (header_text.rfind("\xEF\xBB\xBF", 0) == 0) header_text.erase(0, 3);  // a byte-order mark
    if (const auto bad = detail::first_unprintable(header_text)) {
        throw input_error::invalid_value(at(header_text, static_cast<int>(*bad) + 1), "sacct text (UTF-8, without control characters)", "a byte that is not");
    }
    std::vector<std::string_view> header;
    split(header_text, header);
    std::map<std::string, std::size_t, std::less<>> column;
    for (std::size_t c = 0; c < header.size(); ++c) column.emplace(std::string(header[c]), c);
    auto need = [&](const char* name, const char* why) {
        if (!column.contains(name)) throw input_error::missing_field(at(header_text, 1), name, "the sacct header", why);
    };
    if (header.size() < 2) {
        throw input_error::invalid_value(at(header_text, 1), "a sacct header with fields separated by '|' (sacct --parsable2)", "one field");
    }
    need("JobID", "sacct --format must include JobID, to tell jobs from their steps");
    need("Partition", "sacct --format must include Partition, which the cluster description maps to a node");
    const bool raw = column.contains("ElapsedRaw");
    if (!raw) need("Elapsed", "sacct --format must include ElapsedRaw or Elapsed");
    for (const auto& [key, _] : rule.select)
        if (!column.contains(key)) throw input_error::invalid_value(at(header_text, 1), fmt::format("a column '{}' to select jobs by", key), "a header without it");
    if (!rule.group_by.empty() && !column.contains(rule.group_by)) {
        throw input_error::invalid_value(at(header_text, 1), fmt::format("a column '{}' to group jobs by", rule.group_by), "a header without it");
    }
    auto index = [&](const char* name) -> long { const auto it = column.find(name); return it == column.end() ? -1 : static_cast<long>(it->second); };
    const long job_id = index("JobID"), partition = index("Partition"), elapsed = index(raw ? "ElapsedRaw" : "Elapsed");
    const long tres = index("AllocTRES"), nodes = index("NNodes"), state = index("State"), start = index("Start"), end = index("End");
    const long group = rule.group_by.empty() ? -1 : static_cast<long>(column.at(rule.group_by));
    std::vector<std::pair<std::size_t, std::string>> select;
    for (const auto& [key, pattern] : rule.select) select.emplace_back(column.at(key), pattern);

    std::unordered_map<std::string, std::size_t> slot;
    std::string key;
    std::vector<std::string_view> f;
    double first = INFINITY, last = -INFINITY;
    while (const auto line = lines.next()) {
        ++n;
        if (line->empty()) continue;
        ++out.rows_read;
        // Text only: a control character or a byte that is not UTF-8 would reach a terminal.
        if (const auto bad = detail::first_unprintable(*line)) {
            throw input_error::invalid_value(at(*line, static_cast<int>(*bad) + 1), "sacct text (UTF-8, without control characters)", "a byte that is not");
        }
        split(*line, f);
        auto column_of = [&](long c) {
            int col = 1;
            for (long i = 0; i < c; ++i) col += static_cast<int>(f[static_cast<std::size_t>(i)].size()) + 1;
            return col;
        };
        auto refuse = [&](int col, const std::string& why) {
            if (!skip_broken) {
                throw input_error::invalid_value(at(*line, col), "a sacct row",
                                                 fmt::format("{} (a broken row is never added; let kaya skip broken rows to leave it out)", why));
            }
            out.rejected.push_back({n, why});
        };
        if (f.size() != header.size()) {
            refuse(1, fmt::format("{} fields where the header has {}", f.size(), header.size()));
            continue;
        }
        const std::string_view id = f[static_cast<std::size_t>(job_id)];
        if (id.find('.') != std::string_view::npos) {  // a step: its allocation is counted
            ++out.steps;
            continue;
        }
        bool kept = true;
        for (const auto& [c, pattern] : select) kept = kept && detail::matches(pattern, f[c]);
        if (!kept) continue;
        const std::string_view e = f[static_cast<std::size_t>(elapsed)];
        const std::optional<double> seconds = raw ? (integer(e) ? std::optional<double>(static_cast<double>(*integer(e))) : std::nullopt) : elapsed_text(e);
        if (!seconds) {
            refuse(column_of(elapsed), fmt::format("{} '{}' is not {}", raw ? "ElapsedRaw" : "Elapsed", e, raw ? "a whole number of seconds" : "[D-]HH:MM:SS"));
            continue;
        }
        std::int64_t node_count = 1;
        if (nodes >= 0) {
            const auto v = integer(f[static_cast<std::size_t>(nodes)]);
            if (!v || *v > max_count) {
                refuse(column_of(nodes), fmt::format("NNodes '{}' is not a whole number of nodes up to {}", f[static_cast<std::size_t>(nodes)], max_count));
                continue;
            }
            node_count = *v;
        }
        std::int64_t gpus = 0;
        if (tres >= 0) {
            const auto v = tres_gpus(f[static_cast<std::size_t>(tres)]);
            if (!v || *v > max_count) {
                refuse(column_of(tres), fmt::format("AllocTRES '{}' has a GPU count that is not a whole number up to {}", f[static_cast<std::size_t>(tres)], max_count));
                continue;
            }
            gpus = *v;
        }
        ++out.jobs_selected;
        if (rule.keep_ids) out.job_ids.push_back(std::hash<std::string_view>{}(id));
        key.clear();
        if (state >= 0 && failed_state(f[static_cast<std::size_t>(state)])) key = failed_group;
        else if (group >= 0) key = f[static_cast<std::size_t>(group)];
        const std::size_t group_size = key.size();
        key += '|';
        key += f[static_cast<std::size_t>(partition)];
        auto [it, added] = slot.try_emplace(key, out.usage.size());
        if (added) {
            if (out.usage.size() >= max_sacct_groups) {
                throw input_error::invalid_value(at(*line, 1), fmt::format("at most {} groups and partitions", max_sacct_groups), "more");
            }
            out.usage.push_back({key.substr(0, group_size), std::string(f[static_cast<std::size_t>(partition)]), 0, 0.0, 0.0, 0.0, 0.0, "", ""});
        }
        sacct_usage& u = out.usage[it->second];
        ++u.jobs;
        u.elapsed += *seconds;
        u.node_seconds += static_cast<double>(node_count) * *seconds;
        u.gpu_seconds += static_cast<double>(gpus) * *seconds;
        if (gpus == 0) u.gpuless_node_seconds += static_cast<double>(node_count) * *seconds;
        if (start >= 0) {
            const std::string_view s = f[static_cast<std::size_t>(start)];
            if (const auto t = detail::epoch_seconds(s)) {
                first = std::min(first, *t);
                if (u.first_start.empty() || s < u.first_start) u.first_start = s;
            }
        }
        if (end >= 0) {
            const std::string_view s = f[static_cast<std::size_t>(end)];
            if (const auto t = detail::epoch_seconds(s)) {
                last = std::max(last, *t);
                if (s > u.last_end) u.last_end = s;
            }
        }
    }
    if (lines.long_line()) too_long();
    if (out.jobs_selected == 0) {
        throw input_error::invalid_value(at_line(header_text, 1, 1), "a selection that keeps at least one job",
                                         fmt::format("none of {} rows ({} of them job steps)", out.rows_read, out.steps));
    }
    std::sort(out.usage.begin(), out.usage.end(), [](const sacct_usage& a, const sacct_usage& b) {
        const bool fa = a.group == failed_group, fb = b.group == failed_group;  // failed jobs last
        return std::tie(fa, a.group, a.partition) < std::tie(fb, b.group, b.partition);
    });
    if (last >= first) out.span = last - first;
    std::sort(out.job_ids.begin(), out.job_ids.end());
    return out;
}

}  // namespace kaya
