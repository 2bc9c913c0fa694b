// `kaya measurements FILE`: a measurement file summarised as a phase would take it.
#include "commands.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "terminal.hpp"

namespace kaya::cli {

void setup_measurements(CLI::App& app, measurements_options& options) {
    app.add_option("file", options.file, "A CodeCarbon emissions.csv, a sacct --parsable2 file, or ML.ENERGY JSON")->required();
    app.add_option("--kind", options.kind, "What the file is (default: told by its first line)")->check(CLI::IsMember({"codecarbon", "sacct", "mlenergy"}));
    add_repeatable(app, "--select", options.select, "KEY=VALUE: rows whose column KEY is VALUE (sacct and ML.ENERGY: wildcards * ?, alternatives a|b)");
    app.add_option("--from", options.from, "CodeCarbon: rows at or after this timestamp (ISO 8601)");
    app.add_option("--to", options.to, "CodeCarbon: rows before this timestamp");
    app.add_option("--cluster", options.cluster, "sacct: the cluster description (YAML) that turns node-hours into energy");
    app.add_option("--group-by", options.group_by, "sacct: the column whose value names a group (JobName, Account, User, ...)");
    app.add_flag("--skip-broken", options.skip_broken, "Leave broken rows out, listed, rather than refuse the file");
    app.add_option("--format", options.format, "table or json")->check(CLI::IsMember({"table", "json"}));
}

int run_measurements(const measurements_options& options) {
    measurement_request q{options.file, options.kind, {}, options.from, options.to, options.cluster, options.group_by, options.skip_broken};
    for (const auto& s : options.select) {
        const std::size_t eq = s.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw input_error::invalid_option("--select", "expected KEY=VALUE (--select JobName=bloom-*), got '" + s + "'");
        }
        q.select.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    const measurement_summary summary = summarise_measurements(q);
    return write_output(options.format == "json" ? render_measurements_json(summary) : render_measurements_table(summary, output_width()));
}

}  // namespace kaya::cli
