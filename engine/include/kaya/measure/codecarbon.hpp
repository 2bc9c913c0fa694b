#pragma once
//! CodeCarbon's `emissions.csv`, read as CodeCarbon writes it: columns by header name (they
//! differ between versions), one row per flush holding the run's cumulative totals, so that a
//! run's measurement is its latest row, never the sum of its rows. docs/how-to/measured-data.md.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaya/errors/source.hpp"

namespace kaya {

//! One run: its latest row. Energies in kWh as CodeCarbon writes them (PUE included: the
//! tracker multiplies each measurement by its `pue` before adding it), duration in s.
struct codecarbon_run {
    std::string id;            //!< run_id; in files without one (1.x), project/experiment
    std::string label;         //!< how a summary names it: the id, and for 1.x its first line
    double start = 0.0;        //!< s since 1970: timestamp − duration; NaN when the timestamp is not one
    std::string project_name;
    std::string experiment_id;
    std::string timestamp;     //!< of the latest row
    int line = 0;              //!< the latest row's line in the file
    int rows = 0;              //!< the run's rows (flushes) in the file
    double duration = 0.0;     //!< s
    double energy = 0.0;       //!< energy_consumed, kWh
    std::optional<double> cpu_energy, gpu_energy, ram_energy;  //!< kWh, where the file has them
    std::optional<double> emissions;  //!< kgCO2e, as CodeCarbon computed them
    std::optional<double> pue;
    std::string country_iso_code, region, cloud_provider, cloud_region;
    //! Where it was measured, in words: "USA, iowa (gcp us-central1)".
    [[nodiscard]] std::string place() const;
};

//! A row refused, by its line and why: never added.
struct codecarbon_rejected {
    int line = 0;
    std::string why;
};

//! Which rows to take: columns equal to values (project_name, run_id, experiment_id), and a
//! time window on `timestamp` (ISO 8601, compared as times: from <= timestamp < to). A run
//! is in the window when its latest row is.
struct codecarbon_selection {
    std::vector<std::pair<std::string, std::string>> equal;
    std::string from, to;
};

struct codecarbon_measurement {
    std::shared_ptr<const source_file> file;
    std::vector<codecarbon_run> runs;          //!< in order of their first row
    std::vector<codecarbon_rejected> rejected; //!< broken rows, when the reader was told to skip them
    int rows_read = 0;                         //!< data rows in the file
    int rows_selected = 0;                     //!< of which the selection kept
    //! Sums over the runs (their latest rows).
    [[nodiscard]] double energy() const;
    [[nodiscard]] double duration() const;
    //! The wall-clock time the runs cover [s]: the union of their intervals (runs of parallel
    //! processes overlap), or the sum of durations when a timestamp is not one.
    [[nodiscard]] double span() const;
    //! Adds the runs of another file: a run already here (the same run_id, or for 1.x the same
    //! project, experiment and start) is kept once, by its latest row.
    void merge(codecarbon_measurement other);
};

//! Reads CodeCarbon CSV text. A broken row (a field count that is not the header's, a number
//! that is not one, a PUE below 1, parts that are negative or add up to more than
//! energy_consumed) is an error at its line unless `skip_broken`, when it is listed in
//! `rejected`. A required column missing (duration, energy_consumed), a control character,
//! a window bound that is not a timestamp, or a selection that keeps no row, is an error too
//! (input_error, located).
[[nodiscard]] codecarbon_measurement read_codecarbon(std::shared_ptr<const source_file> file, const codecarbon_selection& select,
                                                     bool skip_broken);

}  // namespace kaya
