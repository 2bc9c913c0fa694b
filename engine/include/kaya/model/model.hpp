#pragma once
//! A compiled scenario: the graph, its uncertain inputs and the outputs of each phase.
//! The model is a pure function from input values to outputs; sampling lives elsewhere.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/catalog/indicator.hpp"
#include "kaya/errors/source.hpp"
#include "kaya/model/graph.hpp"
#include "kaya/stats/distribution.hpp"
#include "kaya/units/unit.hpp"

namespace kaya {

//! An uncertain value of the scenario, drawn once per sample wherever it is used.
struct model_input {
    std::string key;          //!< stream name: a parameter's name, or `hardware.a100.lifetime`
    distribution dist;        //!< in base units
    double nominal = 0.0;     //!< in base units: the stated value, or the mode or median
    dimension dim;
    display_unit unit;        //!< the unit the scenario or catalogue wrote the value in, for display
    source_loc loc;
    std::vector<std::string> sources;  //!< keys into model::sources
    std::string note;
};

//! A named intermediate of a phase, kept for reports (`it_energy`, `amortised_share`), with
//! the equation that computed it as the builder wrote it: the report's methodology is these.
struct named_node {
    std::string name;
    int node = -1;
    std::string equation;  //!< "it_energy × pue"; for a value taken as given, where from ("the site's pue")
};

struct phase_model {
    std::string name;
    std::string kind;
    std::string stage;
    source_loc loc;
    //! The node of each indicator (model::indicators), in base units; -1 where it is not
    //! assessed (no source gives a factor it needs).
    std::vector<int> outputs;
    int duration = -1;              //!< the period the phase covers [s], when given
    //! Per indicator, the part of `outputs` that manufacture causes (its terms of the
    //! manufacture flow); -1 where the phase amortises no hardware or it is not assessed.
    std::vector<int> embodied;
    std::vector<named_node> steps;  //!< intermediates, in the order the equations compute them

    [[nodiscard]] int output(std::size_t indicator) const { return outputs[indicator]; }
};

//! The sum of the phases that share a `stage` label.
struct stage_model {
    std::string name;
    std::vector<int> outputs;  //!< per indicator, as phase_model::outputs
    [[nodiscard]] int output(std::size_t indicator) const { return outputs[indicator]; }
};

//! Every indicator per functional unit (scenario::functional_unit): what the deployment
//! phases cause per unit they serve, and, when the scenario states over how many units the
//! life cycle is amortised, that plus every other phase's share.
struct functional_unit_model {
    std::string unit;          //!< as written: "request", "1000 token", "trained model"
    std::string name;          //!< in words, when given
    source_loc loc;            //!< where the scenario declares it
    bool trained_model = false;  //!< per trained model: every phase, once
    int amount = -1;           //!< functional units the deployment phases serve (a count)
    int lifetime = -1;         //!< functional units the life cycle is amortised over, or -1
    //! Per indicator: the deployment phases' sum / amount (all phases for a trained model).
    std::vector<int> deployment;
    //! Per indicator: whether a phase `deployment` sums misses a contribution (partial).
    std::vector<bool> deployment_gap;
    //! Per indicator: deployment + the other phases' sum / lifetime; empty without a lifetime.
    std::vector<int> lifecycle;
};

//! A phase's energy as measured (scenario `measured:`), with what it was measured by and where,
//! and the phase's own estimate of the same energy when it states one beside it.
struct measurement_model {
    std::string phase;
    std::string format;     //!< "codecarbon", "sacct", "mlenergy"
    std::string file;       //!< as the scenario writes it
    source_loc loc;
    std::string what;       //!< "18 runs, 36 of 36 rows", "1,204 jobs on 2 partitions"
    std::string location;   //!< where it was measured: "USA, us-central1 (gcp)"
    //! The measured IT energy [J], with the measuring method's uncertainty; for ML.ENERGY, the
    //! energy per query it gives (J per request or per token).
    int energy = -1;
    //! The same energy as the phase's estimate gives it (power × time, queries × energy per
    //! query), or -1 when the phase states only the measurement.
    int estimate = -1;
    std::string estimate_equation;
    display_unit unit;  //!< what `energy` is shown in: kWh, or J/request or J/token for ML.ENERGY
    //! The carbon the measuring tool computed for the same energy [kgCO2e] (CodeCarbon's
    //! `emissions` column), and the grid factor that implies [kgCO2e/J].
    std::optional<double> reported_carbon;
    double tool_energy = 0.0;  //!< [J] the energy the tool computed it for (CodeCarbon: energy_consumed, its PUE included)
};
//! A contribution left out because no source gives its factor: not a zero.
struct coverage_gap {
    std::string indicator;  //!< its key
    std::string phase;
    std::string missing;    //!< "wue of site 'jean-zay'"
    std::string why;        //!< "neither the scenario nor its data centre 'x' gives it"
};

//! A value taken from a catalogue, for the provenance of a result.
struct provenance_item {
    std::string quantity;   //!< what it became in the scenario, e.g. "grid_intensity of site 'jean-zay'"
    std::string catalogue;  //!< kind/id, e.g. "grids/FRA"
    int node = -1;          //!< its node, for its nominal value
    std::vector<std::string> sources;  //!< each source in one line: title, where, licence
    std::string year;
    display_unit unit;  //!< the unit the catalogue writes it in
};

//! Something the user should know that is not an error, with a stable code.
struct model_warning {
    std::string code;
    std::string message;
};

class catalog;

struct model {
    std::string name;
    std::string description;
    std::shared_ptr<const source_file> file;
    graph nodes;
    std::vector<model_input> inputs;
    std::vector<phase_model> phases;
    std::vector<stage_model> stages;  //!< in order of first appearance; empty when no phase has a stage
    //! The categories and indicators results report, in order (the catalogue's).
    std::vector<indicator> indicators;
    std::vector<int> totals;  //!< per indicator; -1 when no phase assesses it
    //! The primary carbon accounting, "location" or "market" (scenario::accounting).
    std::string accounting = "location";
    std::vector<coverage_gap> coverage;
    //! [phase][indicator]: whether a contribution to it is missing in that phase (a gap of
    //! its own, or of a part that it sums).
    std::vector<std::vector<bool>> gaps;
    //! The deployment time [s] after which the inference phases have emitted as much carbon
    //! as all other phases: the others' gwp / the sum of each inference phase's gwp per unit
    //! of its duration. -1 when there is no inference phase with a duration, or nothing else.
    int parity = -1;
    std::optional<functional_unit_model> functional_unit;
    std::vector<measurement_model> measurements;  //!< one per phase with `measured:`, in phase order
    std::map<std::string, std::map<std::string, std::string>> sources;
    std::vector<provenance_item> provenance;  //!< every catalogue value the model uses
    //! The node of every value the scenario writes: "parameter/NAME", "hardware/ID/FIELD",
    //! "site/ID/FIELD" or "phase/NAME/FIELD".
    std::map<std::string, int> fields;
    std::vector<model_warning> warnings;
    std::vector<std::string> overrides;  //!< scenario::overrides
    //! The catalogue the ids were resolved against: the built-in one plus the scenario's
    //! imports and any user catalogues, for reports that read further entries (everyday
    //! equivalents).
    std::shared_ptr<const catalog> catalogue;

    [[nodiscard]] int total(std::size_t indicator) const { return totals[indicator]; }
    //! The place of an indicator in `indicators`, if the model reports it.
    [[nodiscard]] std::optional<std::size_t> indicator_index(std::string_view key) const;
    //! The place of the carbon category of the primary accounting: what parity, model cards,
    //! everyday equivalents and analyses read by default.
    [[nodiscard]] std::optional<std::size_t> carbon() const;
    //! Whether a contribution to the indicator is missing: in phase `phase`, or in any phase
    //! when it is -1.
    [[nodiscard]] bool has_gap(std::size_t indicator, int phase = -1) const;
    //! Whether a contribution to the indicator is missing in a phase of stage `stage`.
    [[nodiscard]] bool stage_has_gap(std::size_t indicator, std::string_view stage) const;
    //! The nominal value of every input, in input order.
    [[nodiscard]] std::vector<double> nominal_inputs() const;
};

struct scenario;
//! Resolves names, parses units, checks dimensions and builds the graph. Catalogue ids
//! resolve against the built-in catalogues, then the scenario's `imports`, then
//! `catalogues` (for example from the command line), each overriding the ones before.
//! Throws input_error, unit_error or model_error with the offending place.
[[nodiscard]] model compile(const scenario& s, const std::vector<std::string>& catalogues = {});

}  // namespace kaya
