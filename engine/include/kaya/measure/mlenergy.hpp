#pragma once
//! ML.ENERGY leaderboard measurements: per model and task, one entry per measured
//! configuration (GPU model, number of GPUs, batch size), with the energy per output token and
//! per request. Two shapes are read: the leaderboard's task files (`{"task": ...,
//! "configurations": [{"model_id", "gpu_model", "num_gpus", "max_num_seqs",
//! "energy_per_token_joules", "energy_per_request_joules", ...}]}`) and the earlier table (a
//! list of `{"Model", "GPU model", "#GPUs", "Batch size", "Energy per request (J)", ...}`).
//! docs/how-to/measured-data.md.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kaya/errors/source.hpp"

namespace kaya {

struct mlenergy_configuration {
    std::string model;
    std::string gpu;
    std::optional<int> gpus;  //!< when the entry says
    //! "4 × H100", or the GPU alone when the entry does not say how many.
    [[nodiscard]] std::string hardware() const;
    std::optional<int> batch;
    std::optional<double> energy_per_token;    //!< J per output token
    std::optional<double> energy_per_request;  //!< J per request
    std::optional<double> output_tokens;       //!< mean output length, tokens
    source_loc loc;
};

//! Which configurations to take: `model`, `gpu` (wildcards, `|` alternatives) and `gpus`.
struct mlenergy_selection {
    std::vector<std::pair<std::string, std::string>> equal;
};

struct mlenergy_measurements {
    std::shared_ptr<const source_file> file;
    std::string task;                              //!< when the file names it
    std::vector<mlenergy_configuration> selected;  //!< in file order
    int configurations = 0;                        //!< in the file
};

//! Reads ML.ENERGY JSON. A configuration without a model, a GPU or either energy, or with a
//! number that is not one, is a located error; so is a selection that keeps none.
[[nodiscard]] mlenergy_measurements read_mlenergy(std::shared_ptr<const source_file> file, const mlenergy_selection& select);

}  // namespace kaya
