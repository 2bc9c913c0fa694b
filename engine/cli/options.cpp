#include <charconv>
#include <optional>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/scenario/override.hpp"

namespace kaya::cli {

std::uint64_t parse_seed(const std::string& text) {
    std::uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (ec != std::errc() || end != text.data() + text.size()) {
        throw input_error::invalid_option("--seed", "expected a whole number from 0 to 18446744073709551615, got '" + text + "'");
    }
    return seed;
}

scenario load_with_overrides(const std::string& path, const std::vector<std::string>& sets,
                             const std::vector<std::string>& import_folders) {
    scenario s = load_scenario(path);
    s.import_folders = import_folders;
    for (const auto& set : sets) apply_override(s, set, "--set");
    return s;
}

std::uint64_t seed_or_default(const std::string& text) { return text.empty() ? default_seed : parse_seed(text); }

CLI::Option* add_repeatable(CLI::App& app, const std::string& name, std::vector<std::string>& values, const std::string& help) {
    // One value per occurrence, so that `--set a=1 scenario.yaml` leaves the scenario alone.
    return app.add_option(name, values, help)->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_unit_option(CLI::App& app, std::vector<std::string>& units) {
    add_repeatable(app, "--unit", units, "Report the categories of this unit's dimension in it (tCO2e, mL, lbCO2e), or one category: energy=MWh (repeatable)");
}

void add_accounting_option(CLI::App& app, std::vector<std::string>& sets) {
    // An override like any other, so that results computed with it say so.
    app.add_option_function<std::string>(
           "--accounting", [&sets](const std::string& v) { sets.push_back("accounting=" + v); },
           "The primary carbon accounting: location (the grid's average, the default) or market (what the operator buys); "
           "the scenario's `accounting` otherwise")
        ->check(CLI::IsMember({"location", "market"}));
}

void add_strict_option(CLI::App& app, std::vector<std::string>& sets) {
    app.add_flag_callback("--strict", [&sets] { sets.push_back("strict=true"); },
                          "Make plausibility checks errors (exit 2), such as an implied power the hardware cannot draw");
}

void add_catalog_option(CLI::App& app, std::vector<std::string>& catalogues) {
    add_repeatable(app, "--catalog", catalogues, "A user catalogue that adds or overrides entries (repeatable)");
}

void add_threads_option(CLI::App& app, int& threads) {
    app.add_option("--threads", threads,
                   "Threads to sample on, 1 to " + std::to_string(max_threads) + " (default: every core); the numbers do not depend on it")
        ->check(CLI::Range(1, max_threads));
}

void add_imports_option(CLI::App& app, std::vector<std::string>& folders) {
    add_repeatable(app, "--allow-imports-from", folders,
                   "Let the scenario's imports read catalogues in this folder too; by default they stay in the scenario's own "
                   "folder tree (repeatable)");
}

std::vector<scenario> load_all_with_overrides(const std::vector<std::string>& paths, const std::vector<std::string>& sets,
                                              const std::vector<std::string>& import_folders) {
    std::vector<scenario> scenarios;
    for (const auto& path : paths) {
        scenarios.push_back(load_scenario(path));
        scenarios.back().import_folders = import_folders;
    }
    // An override applies wherever its name exists; a name that no scenario has is an error.
    for (const auto& set : sets) {
        std::optional<input_error> first_error;
        bool applied = false;
        for (auto& s : scenarios) {
            scenario trial = s;
            try {
                apply_override(trial, set, "--set");
                s = std::move(trial);
                applied = true;
            } catch (const input_error& e) {
                if (e.code() != error_code::invalid_option) throw;  // a malformed value is wrong everywhere
                if (!first_error) first_error = e;
            }
        }
        if (!applied && first_error) throw *first_error;
    }
    return scenarios;
}

int write_output(std::string_view text) {
    // Written and flushed here, with the OS's reason taken at once: a full disk or a closed
    // pipe is seen before the exit status is, and said in the OS's words.
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0) return 0;
    const int reason = errno;
    std::cerr << environment_error::write_failed("the output", reason != 0 ? std::strerror(reason) : "the stream failed").what()
              << '\n';
    return static_cast<int>(exit_code::environment);
}

}  // namespace kaya::cli
