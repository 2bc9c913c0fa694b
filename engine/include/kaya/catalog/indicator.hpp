#pragma once
//! Impact categories and inventory indicators, declared as data in catalogues of kind
//! `categories` (models/impact-categories.yaml). Everything that reports a result iterates
//! over these; none names a category in code.
//!
//! An indicator's value in a phase is the sum of its terms, each a flow of the phase times
//! a characterisation factor: docs/methodology/categories.md.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/errors/source.hpp"
#include "kaya/units/dimension.hpp"

namespace kaya {

//! What a phase exchanges with the world, which characterisation factors multiply.
enum class flow {
    electricity,  //!< energy at the meter (after PUE), factors per kWh of a site's grid
    it_energy,    //!< energy the devices draw, factors per kWh of a site's data centre (WUE)
    overhead,     //!< facility energy besides the devices' own (energy at the meter − IT energy)
    manufacture,  //!< units of hardware manufactured, amortised over their lifetime
};
[[nodiscard]] const char* flow_name(flow f) noexcept;
//! The dimension of a flow: an energy, or a plain number of units of hardware.
[[nodiscard]] dimension flow_dimension(flow f) noexcept;

//! One term of an indicator: the flow times `factor`, a field of the site (energy flows) or
//! of the hardware (manufacture), or the flow itself when `factor` is empty.
struct indicator_term {
    flow source = flow::electricity;
    std::string factor;
    //! A missing factor is an error when required; otherwise the term is not assessed.
    bool required = false;
    //! The factor to take when `factor` is not stated (the GHG Protocol's market-based
    //! intensity falls back to the location-based grid average): empty for none.
    std::string otherwise;
    //! With `otherwise`: a share (0 to 1) of the entity's that the fallback leaves out, such
    //! as the carbon-free energy a site's operator buys: otherwise × (1 − share).
    std::string less_share;
    source_loc loc;
};

//! An impact category (gwp, adpe, pe, water) or an inventory indicator (energy), or a part
//! of one (water_onsite, energy_it).
struct indicator {
    std::string key;          //!< stable: JSON keys, CSV rows, option values
    std::string name;         //!< Climate change
    std::string label;        //!< short, for column headers: carbon
    std::string unit;         //!< the unit results are reported in: kgCO2e
    double per_base = 1.0;    //!< multiply a base-unit value by this to get `unit`
    dimension dim;
    bool inventory = false;   //!< an inventory flow (energy) rather than a characterised impact
    std::string detail_of;    //!< the key of the indicator this is a part of, or empty
    std::string method;       //!< the characterisation method
    std::string description;
    std::vector<std::string> sources;  //!< each in one line: title; where; licence
    std::vector<indicator_term> terms; //!< empty: the sum of its details
    //! Units a table may show it in, smallest first (gCO2e ... MtCO2e); the reporting unit
    //! alone when empty.
    std::vector<std::string> scale;
    //! For the categories of one quantity under two accountings (carbon, location-based and
    //! market-based): "location" or "market"; empty otherwise. Results name one as primary.
    std::string accounting;
    bool unit_requested = false;  //!< `unit` is what the user asked for (report_in), kept as it is
    source_loc loc;
    std::string origin;       //!< "built-in", or the user catalogue's path
};

//! A characterisation factor as an entity field: which indicator uses it, with which flow.
struct factor_field {
    std::string name;     //!< grid_intensity, embodied_adpe, ...
    flow source;
    dimension dim;        //!< the indicator's dimension per unit of the flow
    std::string unit;     //!< how to show it: gCO2e/kWh, kgSbeq/kWh, MJ
    double per_base = 1.0;
    bool required = false;
    std::string indicator;
    std::string description;  //!< "gwp per kWh of electricity (kgCO2e/kWh)"
    bool share = false;       //!< a term's `less_share`: a fraction from 0 to 1, not a factor
    //! The factor a term takes when this one is not stated; such a factor is the scenario's
    //! own statement (a market-based intensity), which no catalogue entry supplies.
    std::string otherwise;
};

//! Reports every indicator whose dimension `unit` has in that unit ("tCO2e", "MWh", "mL",
//! "lbCO2e"), or only the one named ("pe=GJ"); throws input_error (invalid-option, subject
//! "unit") for text that is not a unit, or a unit of no such indicator's dimension.
void report_in(std::vector<indicator>& indicators, std::string_view request);

//! The place of the carbon category of an accounting ("location", "market") among `indicators`.
[[nodiscard]] std::optional<std::size_t> carbon_of(const std::vector<indicator>& indicators, std::string_view accounting);

//! The factor fields the indicators use, each once, in indicator order: the factors, their
//! fallbacks' shares (a dimensionless field) after them.
[[nodiscard]] std::vector<factor_field> factor_fields(const std::vector<indicator>& indicators);

}  // namespace kaya
