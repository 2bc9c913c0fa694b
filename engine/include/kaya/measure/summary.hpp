#pragma once
//! A measurement file summarised as a phase would take it: per run (CodeCarbon), per group and
//! partition (Slurm sacct) or per configuration (ML.ENERGY), and in total, with the rows used,
//! skipped and refused. What `kaya measurements` prints.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaya/measure/codecarbon.hpp"

namespace kaya {

struct measurement_request {
    std::string path;
    std::string format;  //!< "codecarbon", "sacct", "mlenergy"; empty: told by the file's first line
    std::vector<std::pair<std::string, std::string>> select;
    std::string from, to;     //!< codecarbon: the timestamp window
    std::string cluster;      //!< sacct: the cluster description, for energy
    std::string group_by;     //!< sacct: the column naming a group (JobName, Account, User, ...)
    bool skip_broken = false;
};

struct measurement_column {
    std::string name;
    std::string unit;  //!< empty for a count or a ratio
    bool count = false;  //!< a whole number (jobs, rows, a batch size)
};

struct measurement_row {
    std::string label;
    std::string where;  //!< where or on what it was measured
    std::vector<std::optional<double>> values;  //!< per column; nothing where the file does not say
};

struct measurement_summary {
    std::string format;
    std::string path;
    std::vector<measurement_column> columns;
    std::vector<measurement_row> rows;
    std::optional<measurement_row> total;
    std::int64_t rows_read = 0;   //!< data rows in the file
    std::int64_t rows_used = 0;   //!< of which the summary takes
    std::vector<codecarbon_rejected> rejected;  //!< broken rows skipped, by line and reason
    std::vector<std::string> notes;  //!< what else the user should know: steps not counted, ranges
};

//! Reads and summarises a measurement file. Throws input_error (located) as the readers do.
[[nodiscard]] measurement_summary summarise_measurements(const measurement_request& request);

}  // namespace kaya
