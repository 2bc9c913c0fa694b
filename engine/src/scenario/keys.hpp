#pragma once
// The keys of a scenario's hardware entries, sites and phases besides their value fields:
// read by the loader, and offered by the compiler's suggestions for an unknown field.
#include <string>
#include <vector>

namespace kaya::detail {

struct entity_keys {
    std::vector<std::string> text;  //!< free text, such as `name`
    std::vector<std::string> refs;  //!< catalogue ids
};

inline const entity_keys hardware_keys{{"name", "note"}, {"model"}};
//! A site also takes `mix`, its shares by source of electricity.
inline const entity_keys site_keys{{"name", "location", "note"}, {"grid", "datacentre"}};
//! A phase's keys besides the fields of its kind.
inline const std::vector<std::string> phase_keys{"name", "kind", "site", "hardware", "stage", "note"};

}  // namespace kaya::detail
