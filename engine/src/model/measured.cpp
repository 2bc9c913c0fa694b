// A phase's energy from the file in which it was measured (issue 14): a CodeCarbon
// emissions.csv, read as CodeCarbon writes it (kaya/measure/codecarbon.hpp). CodeCarbon
// multiplies every measurement by its `pue` before adding it, so the IT energy is
// energy_consumed / pue, and the site's PUE is applied once, as for any stated IT energy.
#include <fmt/format.h>

#include <filesystem>

#include "kaya/errors/error.hpp"
#include "kaya/measure/codecarbon.hpp"
#include "model/compiler.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya::detail {

int compiler::measured_energy(phase_context& ctx) {
    const phase_spec& spec = ctx.spec();
    const measured_spec& ms = *spec.measured;
    const std::string real = confined(ms.codecarbon, "CodeCarbon file");
    // Messages name the file as the scenario's folder and the written path locate it.
    const std::string shown = (std::filesystem::path(s_.file->path()).parent_path() / ms.codecarbon.text).string();
    auto file = std::make_shared<const source_file>(shown, read_text_file(real, "a CodeCarbon file"));
    const codecarbon_measurement mm = read_codecarbon(file, {ms.select, ms.from, ms.to}, ms.skip_broken);
    double it_kwh = 0.0;
    for (const auto& r : mm.runs) it_kwh += r.energy / (r.pue && *r.pue > 0.0 ? *r.pue : 1.0);
    if (!mm.rejected.empty()) {
        std::string lines;
        for (const auto& r : mm.rejected) lines += fmt::format("{}{} ({})", lines.empty() ? "" : ", ", r.line, r.why);
        warn("measurement-rows-skipped", fmt::format("phase '{}': {} broken rows of {} left out: line {}", spec.name, mm.rejected.size(),
                                                     ms.codecarbon.text, lines));
    }
    graph& g = m.nodes;
    const int duration = g.constant(mm.duration(), dims::time);
    if (!ctx.has("duration")) ctx.set_duration(duration);
    return ctx.step("measured_energy", g.constant(it_kwh * 3.6e6, dims::energy),
                    fmt::format("Σ energy_consumed / pue of {} CodeCarbon run{} in {} ({} of {} rows)", mm.runs.size(),
                                mm.runs.size() == 1 ? "" : "s", ms.codecarbon.text, mm.rows_selected, mm.rows_read));
}

}  // namespace kaya::detail
