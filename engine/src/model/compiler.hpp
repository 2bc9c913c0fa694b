#pragma once
// The compiler's internals, shared by compile.cpp (values, parameters, entities) and
// phases.cpp (the phase kinds and their equations).
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kaya/catalog/catalog.hpp"
#include "kaya/measure/codecarbon.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/expression.hpp"
#include "kaya/scenario/scenario.hpp"
#include "kaya/scenario/schema.hpp"
#include "model/interval.hpp"

namespace kaya::detail {

//! What a value field must be: its dimension and its admissible range (base units).
struct field_rule {
    const char* name;
    dimension dim;
    double low = 0.0;  //!< values below are rejected (negative-value at 0)
    double high = std::numeric_limits<double>::infinity();
    bool low_open = false;  //!< exclude `low` itself (a lifetime of zero)
    //! Any dimension will do (queries count queries, requests or tokens: the equation checks
    //! the pair), but the range is checked all the same.
    bool any_dimension = false;
    //! A missing value leaves what it characterises not assessed, rather than an error.
    bool optional = false;
    //! A value as a scenario would write it, for messages about a dimension with no name.
    const char* example = nullptr;
};

class compiler;

//! This year (UTC), or that of SOURCE_DATE_EPOCH when it is set.
int reference_year();

//! What a phase kind's equations see: its fields, its site and hardware.

class phase_context {
public:
    phase_context(compiler& c, const phase_spec& spec, phase_model& out, const struct phase_kind& kind);

    [[nodiscard]] bool has(const std::string& field) const;
    //! The node of a phase field, checked against its rule; throws missing-field if absent.
    int field(const std::string& field);
    //! A field of the phase's site or hardware, which must be declared.
    int site(const std::string& field);
    int hardware(const std::string& field);
    [[nodiscard]] bool hardware_has(const std::string& field);
    [[nodiscard]] bool site_has(const std::string& field);
    //! Throws unit-mismatch at `field` unless `node` has dimension `expected`.
    void expect(int node, dimension expected, const std::string& field, const std::string& what);
    //! Throws missing-field for one field, or naming the alternatives.
    [[noreturn]] void missing(const std::string& field, const std::string& hint = "");
    [[noreturn]] void needs(const std::string& alternatives);
    //! The period the phase covers, reported beside its impacts.
    void set_duration(int node);
    //! Throws invalid-value when two exclusive fields are both given.
    void exclusive(const std::string& a, const std::string& b);

    //! Records an intermediate, with the equation that computes it ("it_energy × pue"), or
    //! where it comes from ("the site's pue"), for reports; returns it.
    int step(const std::string& name, int node, std::string equation);
    //! What the phase exchanges, which the categories characterise (compiler::characterise).
    void set_flow(flow f, int node) { flows_[static_cast<int>(f)] = node; }
    [[nodiscard]] int flow_node(flow f) const { return flows_[static_cast<int>(f)]; }

    graph& g();
    [[nodiscard]] const phase_spec& spec() const { return spec_; }
    //! The IT energy of the phase's `measured` file, and the duration it covers.
    int measured();
    //! The energy per query its ML.ENERGY measurements give, per what the phase counts.
    int measured_per_query(dimension counted);
    //! Keeps the phase's own estimate of what it measured, for comparison.
    void compare_with_estimate(int estimate, const std::string& equation);
    //! The phase states its energy at the meter, PUE included.
    [[nodiscard]] bool pue_included() const { return spec_.pue_included && spec_.pue_included->text == "true"; }

private:
    compiler& c_;
    const phase_spec& spec_;
    phase_model& out_;
    const std::vector<field_rule>& rules_;
    std::map<std::string, int> nodes_;
    int flows_[4] = {-1, -1, -1, -1};
};

//! A phase kind: one row. Nothing else tests a kind by name.
struct phase_kind {
    const char* name;
    const char* summary;  //!< what the phase accounts for, for the docs and the schema
    bool needs_site;      //!< draws electricity at a site
    bool uses_hardware;   //!< names the hardware it runs on or amortises
    //! In deployment parity: the inference phases' rate against the sum of all others.
    bool deployment;
    //! What a model card reports as the training emissions (Hugging Face's co2_eq_emissions).
    bool model_card;
    std::vector<field_rule> fields;
    void (*build)(phase_context&);
};
const std::vector<phase_kind>& phase_kinds();
//! The row of a kind a compiled phase has (every phase_model::kind is one).
const phase_kind& kind_of(const std::string& name);


//! The unit a value is written in (its nominal's, else its first argument's), or the
//! dimension's reporting unit.
display_unit written_unit(const value_spec& spec, dimension dim);

class compiler {
public:
    compiler(const scenario& s, const std::vector<std::string>& catalogues);
    model run();

    //! Compiles a value to a node checked against `rule`; `key` names its random stream.
    //! `sources` are the keys `spec` may cite: the scenario's when null.
    int value(const value_spec& spec, const std::string& what, const std::string& key,
              const field_rule& rule, const source_table* sources = nullptr);
    //! The node of a field of a named site or hardware; throws if it was not declared.
    int entity_field(const std::string& section, const entity& e, const std::string& field,
                     const source_loc& used_at);
    const entity& find_entity(const std::string& section, const located_text& ref);
    //! Compiles `field` of a catalogue entry, recording its provenance as `quantity`.
    int catalogue_value(const catalog_entry& entry, const std::string& field, const std::string& quantity,
                        const field_rule& rule);
    //! The grid intensity of a site given as a mix of sources of electricity.
    int mix_intensity(const entity& site);
    //! The real path of a file the scenario names (an import, a measurement), relative to its
    //! folder; throws unless it lies in that folder tree or a folder the user allows.
    [[nodiscard]] std::string confined(const located_text& ref, const char* what) const;
    //! The IT energy a phase's `measured` file gives (CodeCarbon, sacct), with the uncertainty
    //! of how it was measured, and the duration it covers; recorded in model::measurements.
    int measured_energy(phase_context& ctx);
    //! The energy per query of an inference phase's ML.ENERGY measurements, per token when it
    //! counts tokens (`counted`), else per request; recorded in model::measurements.
    int mlenergy_per_query(phase_context& ctx, dimension counted);
    //! The phase's own estimate of what its last measurement measured, for comparison.
    void compare_with_estimate(int estimate, const std::string& equation);
    //! Records a warning once, however often the same condition is met.
    void warn(const std::string& code, const std::string& message);
    //! A catalogue value describing a year more than stale_after_years before this one.
    void warn_if_stale(const std::string& year, const std::string& quantity, const std::string& at);
    static constexpr int stale_after_years = 5;
    //! The catalogue entry that gives `field` of `e`, or null; throws for an unknown id.
    const catalog_entry* catalogue_entry(const std::string& section, const entity& e, const std::string& field);
    //! The rules of a site's or a hardware's fields: their own and the categories' factors.
    [[nodiscard]] const std::vector<field_rule>& rules_of(const std::string& section) const {
        return section == "hardware" ? hardware_rules_ : site_rules_;
    }
    //! Whether `field` of `e` is given, by the scenario or a catalogue entry it refers to.
    bool entity_has(const std::string& section, const entity& e, const std::string& field);
    //! The kind of catalogue entry a site's or hardware's field comes from.
    [[nodiscard]] catalog_kind supplier(const std::string& section, const std::string& field) const;

    model m;

private:
    struct param_state {
        const parameter* p = nullptr;
        int node = -1;
    };

    int build(const expression& e);
    //! model::indicators and the primary accounting: the catalogue's categories, less those
    //! that would only repeat another (a fallback no entry of the scenario states).
    void select_indicators();
    //! The deployment parity node (model::parity), when the phases allow one.
    void add_parity();
    //! model::functional_unit, from the scenario's, once the phases and totals are built.
    void add_functional_unit();
    //! model::gaps from the coverage.
    void find_gaps();
    //! Puts the parameters in an order in which each comes after those it refers to;
    //! throws circular-formula for a cycle.
    void order_parameters();
    int resolve(const std::string& name, const source_loc& at);
    int constant_arg(const located_text& text, const std::string& what);
    //! Throws unless every value node `node` can take lies in `rule`'s range.
    void check_range(int node, const std::string& text, const source_loc& loc, const std::string& what,
                     const field_rule& rule);
    void compile_phase(const phase_spec& spec);
    //! Each indicator of a phase: the sum of its terms, flow × factor; a term whose factor no
    //! source gives is a coverage gap, and an indicator with nothing assessed is -1.
    void characterise(const phase_spec& spec, phase_context& ctx, phase_model& out);
    //! Warns (or, strict, throws) when a phase's IT energy over its duration is more power
    //! than its hardware's count × power.
    void check_power(const phase_spec& spec, const phase_context& ctx, const phase_model& out);

    //! Warns measured-twice when a phase's selection of a file takes rows (runs, jobs) that an
    //! earlier phase's selection of the same file took: a measurement counted in two phases.
    void check_counted_once(const std::string& phase, const std::string& file, std::vector<std::uint64_t> ids);
    std::map<std::string, std::vector<std::pair<std::string, std::vector<std::uint64_t>>>> measured_ids_;  // real path -> phases' ids
    int codecarbon_energy(phase_context& ctx);
    //! Warns measurement-rows-skipped for the broken rows a file left out, listing at most `most`.
    void warn_skipped(const std::string& phase, const std::string& file, const std::vector<codecarbon_rejected>& rejected, std::size_t most);
    int sacct_energy(phase_context& ctx);
    //! Warns measured-site-differs when a measurement's country or cloud region is not that of
    //! the phase's site's grid.
    void check_measured_site(const phase_spec& spec, const std::set<std::string>& countries, const std::set<std::string>& regions,
                             const std::string& what);

    const scenario& s_;
    std::map<std::string, param_state> params_;
    std::vector<std::string> order_;
    std::map<std::string, int> entity_nodes_;  // "section/id/field" -> node
    range_table ranges_;
    std::shared_ptr<const catalog> catalogue_;  // the built-in one, unless the scenario adds others
    entity_schema hardware_schema_, site_schema_;  // whose names the rules point into
    std::vector<field_rule> site_rules_, hardware_rules_;
};

}  // namespace kaya::detail
