#pragma once
// Reading categories from a catalogue file; shared by the catalogue loader.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kaya/catalog/catalog.hpp"
#include "kaya/catalog/indicator.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya::detail {

//! One entry of a `categories` catalogue; throws a located input_error or unit_error.
indicator read_indicator(const std::string& key, const YAML::Node& node, const source_loc& key_loc,
                         const std::shared_ptr<const source_file>& file, const source_table& sources, const std::string& origin);
//! Checks the categories together: parts of existing wholes, of the same dimension; a
//! factor field with one meaning.
void check_indicators(const std::vector<indicator>& all);
//! A source in one line: its title; repository/path @ commit, or its URL; its licence.
std::string source_line(const std::map<std::string, std::string>& fields);

}  // namespace kaya::detail
