// A cluster description: what each partition's node holds and draws, so that the node-hours
// of job accounting become energy. Its values are written as a scenario's are (a unit, an
// optional uncertainty, a source), and compile the same way.
#include <fmt/format.h>

#include <charconv>

#include "kaya/errors/error.hpp"
#include "kaya/measure/sacct.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya {

cluster_description read_cluster(std::shared_ptr<const source_file> file) {
    using namespace detail;
    const YAML::Node root = load_document(file, "a cluster description");
    map_reader fields(root, "the cluster description", file);
    cluster_description out;
    out.file = file;
    if (YAML::Node n = fields.take("name"); n.IsDefined()) out.name = scalar_text(n, file, "a name").text;
    if (YAML::Node n = fields.take("site"); n.IsDefined()) out.site = scalar_text(n, file, "a grid id (\"FRA\")").text;
    if (YAML::Node n = fields.take("pue"); n.IsDefined()) out.pue = read_value(n, file, "pue of the cluster", fields.key_loc("pue"));
    if (YAML::Node n = fields.take("grid_intensity"); n.IsDefined()) {
        out.grid_intensity = read_value(n, file, "grid_intensity of the cluster", fields.key_loc("grid_intensity"));
    }
    if (YAML::Node n = fields.take("note"); n.IsDefined()) (void)scalar_text(n, file, "a note");
    map_reader partitions(fields.require("partitions"), "the partitions", file);
    for (auto& e : partitions.entries()) {
        e.taken = true;
        map_reader p(e.value, fmt::format("partition '{}'", e.key), file);
        cluster_partition part;
        part.name = e.key;
        part.loc = loc_of(e.key_node, file);
        part.node_power = read_value(p.require("node_power"), file, fmt::format("node_power of partition '{}'", e.key), p.key_loc("node_power"));
        if (YAML::Node n = p.take("hardware"); n.IsDefined()) part.hardware = scalar_text(n, file, "a hardware id").text;
        if (YAML::Node n = p.take("gpus_per_node"); n.IsDefined()) {
            const located_text t = scalar_text(n, file, "a whole number of GPUs");
            int v = 0;
            const auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
            if (ec != std::errc() || end != t.text.data() + t.text.size() || v < 1 || v > 1024) {
                throw input_error::invalid_value(t.loc, "a whole number of GPUs per node from 1 to 1024", t.text);
            }
            part.gpus_per_node = v;
        }
        if (YAML::Node n = p.take("note"); n.IsDefined()) (void)scalar_text(n, file, "a note");
        p.finish({"node_power", "gpus_per_node", "hardware", "note"});
        out.partitions.push_back(std::move(part));
    }
    if (out.partitions.empty()) throw input_error::invalid_value(partitions.loc(), "at least one partition", "none");
    fields.finish({"name", "site", "pue", "grid_intensity", "partitions", "note"});
    return out;
}

}  // namespace kaya
