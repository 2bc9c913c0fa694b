#pragma once
//! Slurm job accounting as `sacct --parsable2` writes it (a header line, fields separated by
//! `|`), read as a stream into GPU-hours and node-hours per group and partition, with a small
//! cluster description that says what a partition's node is and draws. A job's steps
//! (`123.batch`, `123.0`) are not counted beside their allocation. docs/how-to/measured-data.md.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaya/errors/source.hpp"
#include "kaya/measure/codecarbon.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya {

//! One partition of a cluster: what a node holds and the power it draws at the meter's side
//! of the PUE (IT power, with its uncertainty as written).
struct cluster_partition {
    std::string name;
    source_loc loc;
    std::string hardware;                 //!< a hardware id, for the reader: "a100-80gb"
    std::optional<int> gpus_per_node;     //!< jobs share a node by its GPUs
    value_spec node_power;
};

//! The cluster a sacct file comes from: its partitions, and where it is.
struct cluster_description {
    std::shared_ptr<const source_file> file;
    std::string name;
    std::string site;  //!< a grid id of the catalogue ("FRA"), where the cluster is
    std::vector<cluster_partition> partitions;
    std::optional<value_spec> pue, grid_intensity;  //!< for a summary's kWh at the meter and carbon
    [[nodiscard]] const cluster_partition* partition(std::string_view id) const;
};

//! Reads a cluster description (YAML): `name`, `site`, `pue`, `grid_intensity` and
//! `partitions: {NAME: {node_power, gpus_per_node, hardware}}`.
[[nodiscard]] cluster_description read_cluster(std::shared_ptr<const source_file> file);

//! Which jobs to take and how to group them: columns matched against patterns (`*` and `?`
//! wildcards, alternatives separated by `|`), and the column whose value names a group.
struct sacct_rule {
    std::vector<std::pair<std::string, std::string>> select;
    std::string group_by;  //!< JobName, Account, User, ...; empty: one group
    bool keep_ids = false; //!< keep a hash of each selected job's id (sacct_accounting::job_ids)
};

//! The group jobs that failed or were cancelled are put in, whatever their group column.
inline constexpr const char* failed_group = "failed or cancelled";

//! What the jobs of one group used on one partition.
struct sacct_usage {
    std::string group;
    std::string partition;
    std::int64_t jobs = 0;
    double elapsed = 0.0;       //!< s, summed over jobs
    double node_seconds = 0.0;  //!< NNodes × elapsed
    double gpu_seconds = 0.0;   //!< allocated GPUs × elapsed
    double gpuless_node_seconds = 0.0;  //!< NNodes × elapsed of the jobs that allocated no GPU
    std::string first_start, last_end;
};

struct sacct_accounting {
    std::string path;
    std::vector<sacct_usage> usage;        //!< by group, then partition
    std::vector<codecarbon_rejected> rejected;  //!< broken rows, when the reader was told to skip them
    std::int64_t rows_read = 0;            //!< data lines
    std::int64_t steps = 0;                //!< job steps, not counted
    std::int64_t jobs_selected = 0;
    //! Hashes of the selected jobs' ids, sorted, when the rule asked for them: to tell when two
    //! selections of one file take the same job.
    std::vector<std::uint64_t> job_ids;
    //! The period the selected jobs span [s], from the first start to the last end; 0 when
    //! the file gives no times.
    double span = 0.0;
};

//! The most distinct groups × partitions a sacct summary holds: docs/reference/limits.md.
inline constexpr std::size_t max_sacct_groups = 100'000;
//! The longest line of a measurement file: docs/reference/limits.md.
inline constexpr std::size_t max_measurement_line = 64 * 1024;

//! Reads sacct output from `in`, line by line (a file of any size in bounded memory). A broken
//! row (a field count that is not the header's, an elapsed time or count that is not one) is
//! a located error unless `skip_broken`. A missing column (JobID, Partition, and ElapsedRaw or
//! Elapsed), or a selection that keeps no job, is an input_error too.
[[nodiscard]] sacct_accounting read_sacct(std::istream& in, const std::string& path, const sacct_rule& rule, bool skip_broken);

//! The node-hours a usage draws its partition's node power for [s]: GPU-seconds over GPUs per
//! node where jobs share nodes by GPU (and whole nodes for the jobs that allocated no GPU
//! there), node-seconds otherwise.
[[nodiscard]] double node_equivalent_seconds(const sacct_usage& u, const cluster_partition& p);

}  // namespace kaya
