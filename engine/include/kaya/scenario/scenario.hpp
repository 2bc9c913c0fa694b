#pragma once
//! The scenario as written: a typed tree in which every value keeps its place in the file.
//! Nothing here is evaluated; `compile` (kaya/model/compile.hpp) gives it meaning.

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kaya/errors/source.hpp"

namespace kaya {

struct located_text {
    std::string text;
    source_loc loc;
};

//! How the uncertainty of a value is written.
enum class uncertainty_form { none, uniform, triangular, normal, lognormal, plus_minus };

//! One value: a formula with an optional uncertainty, source and note.
//! `400 W`, `gpu_hours / 8`, `{value: 1.2, uniform: [1.1, 1.3], source: uptime2024}` and
//! `400 W ± 10 %` are all value specs.
struct value_spec {
    source_loc loc;
    std::optional<located_text> value;    //!< the nominal value or formula
    uncertainty_form form = uncertainty_form::none;
    std::vector<located_text> args;       //!< the distribution's arguments, in written order
    std::vector<std::string> arg_names;   //!< their names: low, high, mode, mean, sd, median, gsd, half-width
    source_loc form_loc;                  //!< where the uncertainty is written
    bool allow_negative = false;          //!< also leaves a normal untruncated
    std::vector<located_text> sources;    //!< keys of `sources`: `source: a` or `source: [a, b]`
    std::string year;                     //!< the year the value describes, when stated
    std::string note;
};

struct source_entry {
    std::string key;
    source_loc loc;
    std::map<std::string, std::string> fields;  //!< title, authors, year, url, ...
};

struct parameter {
    std::string name;
    source_loc loc;
    value_spec value;
};

//! A named thing with value fields: hardware or a site.
struct entity {
    std::string id;
    source_loc loc;
    std::map<std::string, std::string> text;  //!< descriptive fields (name, location, note)
    std::map<std::string, located_text> refs; //!< catalogue ids: a hardware's `model`, a site's `grid`, `datacentre`
    std::map<std::string, value_spec> fields;
    std::map<std::string, source_loc> field_locs;  //!< where each field's key is written
    //! A site's electricity mix: source name (a `source-*` grid of the catalogue) -> share.
    std::vector<std::pair<located_text, value_spec>> mix;
    source_loc mix_loc;
};

//! Where a phase's energy was measured, and what to take of it: a CodeCarbon emissions.csv,
//! a Slurm sacct file with its cluster description, or ML.ENERGY measurements (the energy per
//! query of an inference phase). docs/how-to/measured-data.md.
struct measured_spec {
    source_loc loc;
    std::string format;       //!< "codecarbon", "sacct" or "mlenergy": the key the file is given under
    located_text file;        //!< relative to the scenario's folder; the first of `files`
    std::vector<located_text> files;  //!< codecarbon: one file or several (processes, machines)
    std::optional<located_text> cluster;  //!< sacct: the cluster description
    std::vector<std::pair<std::string, std::string>> select;  //!< column = value or pattern
    std::string from, to;     //!< codecarbon: a timestamp window, from <= timestamp < to
    bool skip_broken = false; //!< leave broken rows out (listed) rather than refuse the file
    //! codecarbon: how CPU energy was measured, "counters" (RAPL) or "constant" (CodeCarbon's
    //! fallback, half the CPU's TDP, which it logs at start).
    std::optional<located_text> cpu;
};

struct phase_spec {
    std::string name;
    source_loc loc;
    located_text kind;
    std::optional<located_text> site;
    std::optional<located_text> hardware;
    std::optional<located_text> stage;  //!< a label such as `training` or `deployment`, for subtotals
    //! The phase's stated power or energy already includes the PUE (as Meta's model cards
    //! state it): it is the energy at the meter, and the IT energy is derived from it.
    std::optional<located_text> pue_included;
    std::optional<measured_spec> measured;
    std::string note;
    std::map<std::string, value_spec> fields;
    std::map<std::string, source_loc> field_locs;
};

//! What one result is per: a query, a request, 1,000 output tokens, an image, or the trained
//! model; and how many of them the deployment serves, and the life cycle is amortised over.
struct functional_unit_spec {
    source_loc loc;
    located_text unit;                    //!< "request", "1000 token", or "trained model"
    std::string name;                     //!< in words: "one API request"
    std::optional<value_spec> amount;     //!< served by the deployment phases; default: their queries
    std::optional<value_spec> lifetime;   //!< over which every other phase is amortised
    std::string note;
};

//! The most catalogue files a scenario imports: docs/reference/limits.md.
inline constexpr std::size_t max_imports = 32;

//! Something the loader accepted but the author should know, e.g. a deprecated key.
struct scenario_warning {
    std::string code;
    std::string message;
    source_loc loc;
};

struct scenario {
    std::shared_ptr<const source_file> file;
    std::vector<located_text> imports;  //!< user catalogues, relative to the scenario's folder
    //! Folders besides the scenario's own folder tree that its imports may read, as the user
    //! allows (never the file itself: it could otherwise read any file it names).
    std::vector<std::string> import_folders;
    std::string name;
    std::string description;
    std::vector<source_entry> sources;
    std::vector<parameter> parameters;
    std::vector<entity> hardware;
    std::vector<entity> sites;
    std::vector<phase_spec> phases;
    std::optional<functional_unit_spec> functional_unit;
    //! The primary carbon accounting, "location" (the default) or "market": which carbon
    //! category parity, model cards, equivalents and analyses read.
    std::optional<located_text> accounting;
    //! Report every accounting's carbon category, even one that only repeats another because
    //! no entry states what it falls back from: for comparisons in which another scenario does.
    bool every_accounting = false;
    //! Plausibility checks (an implied power the hardware cannot draw) are errors, not
    //! warnings: `strict: true`, or the command's --strict.
    std::optional<located_text> strict;
    std::vector<scenario_warning> warnings;
    //! What-if overrides applied since the file was read ("grid_fr=20 gCO2e/kWh"), in order:
    //! a result computed with them must say so, since the file alone no longer gives it.
    std::vector<std::string> overrides;
};

//! A value as written: "150 kgCO2e, triangular [14.65 kgCO2e, 150 kgCO2e, 273 kgCO2e]".
[[nodiscard]] std::string written_form(const value_spec& v);

//! Reads and checks the structure of a scenario file (keys, types, duplicates).
//! Throws input_error for malformed YAML, unknown or duplicate keys and missing fields.
[[nodiscard]] scenario load_scenario(const std::string& path);
//! The same from text already in memory; `path` is used in messages only.
[[nodiscard]] scenario parse_scenario(std::string text, const std::string& path);

}  // namespace kaya
