#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <set>

#include "errors/suggest.hpp"
#include "mlca/errors/error.hpp"
#include "mlca/model/evaluate.hpp"
#include "mlca/units/unit.hpp"
#include "model/compiler.hpp"
#include "model/interval.hpp"

namespace mlca {

const char* criterion_name(criterion c) noexcept {
    switch (c) {
        case criterion::gwp: return "gwp";
        case criterion::energy: return "energy";
        case criterion::water: return "water";
    }
    return "";
}

std::vector<double> model::nominal_inputs() const {
    std::vector<double> out;
    out.reserve(inputs.size());
    for (const auto& in : inputs) out.push_back(in.nominal);
    return out;
}

model compile(const scenario& s, const std::vector<std::string>& catalogues) {
    return detail::compiler(s, catalogues).run();
}

namespace detail {
namespace {


}  // namespace

compiler::compiler(const scenario& s, const std::vector<std::string>& catalogues)
    : s_(s), catalogue_(catalog::builtin()) {
    for (const auto& p : s.parameters) params_[p.name].p = &p;
    // Imports are relative to the scenario's folder.
    const std::filesystem::path folder = std::filesystem::path(s.file->path()).parent_path();
    for (const auto& import : s.imports) {
        const std::filesystem::path path = folder / import.text;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            throw input_error::undefined_reference(import.loc, "catalogue file", path.string(), "");
        }
        catalogue_.add_file(path.string());
    }
    for (const auto& path : catalogues) catalogue_.add_file(path);
    for (const auto& o : catalogue_.overrides()) {
        warn("catalog-override",
             fmt::format("{} entry '{}' of {} replaces the one of {}", kind_name(o.kind), o.id, o.origin, o.replaced_origin));
    }
}

model compiler::run() {
    m.name = s_.name;
    m.description = s_.description;
    m.file = s_.file;
    for (const auto& src : s_.sources) m.sources[src.key] = src.fields;
    // Every parameter is compiled, used or not, so that each is checked.
    order_parameters();
    for (const auto& name : order_) resolve(name, params_.at(name).p->loc);
    for (const auto& [section, items, rules] :
         {std::tuple{"hardware", &s_.hardware, &hardware_rules()},
          std::tuple{"site", &s_.sites, &site_rules()}}) {
        for (const auto& e : *items) {
            std::vector<std::string> names;
            for (const auto& r : *rules) names.emplace_back(r.name);
            for (const auto& [field, spec] : e.fields) {
                if (std::find(names.begin(), names.end(), field) == names.end()) {
                    throw input_error::unknown_key(e.field_locs.at(field), field,
                                                   fmt::format("{} '{}'", section, e.id),
                                                   nearest(field, names));
                }
                entity_field(section, e, field, e.field_locs.at(field));
            }
            // Catalogue references are checked whether or not a phase uses them.
            for (const auto& r : *rules) catalogue_entry(section, e, r.name);
            if (std::string(section) == "site") {
                for (const auto& r : *rules) entity_field(section, e, r.name, e.loc);
            }
        }
    }
    std::map<std::string, source_loc> seen;
    for (const auto& phase : s_.phases) {
        if (const auto it = seen.find(phase.name); it != seen.end()) {
            throw input_error::duplicate_name(phase.loc, "phase", phase.name, it->second);
        }
        seen.emplace(phase.name, phase.loc);
        compile_phase(phase);
    }
    if (m.phases.empty()) {
        throw input_error::invalid_value({s_.file, 1, 1}, "at least one phase", "an empty list");
    }
    for (const auto& p : m.phases) {
        if (p.stage.empty()) continue;
        auto it = std::find_if(m.stages.begin(), m.stages.end(), [&](const stage_model& st) { return st.name == p.stage; });
        if (it == m.stages.end()) {
            m.stages.push_back({p.stage, {p.outputs[0], p.outputs[1], p.outputs[2]}});
        } else {
            for (int c = 0; c < 3; ++c) it->outputs[c] = m.nodes.add(it->outputs[c], p.outputs[c]);
        }
    }
    for (const criterion c : criteria) {
        int sum = m.phases.front().output(c);
        for (std::size_t i = 1; i < m.phases.size(); ++i) sum = m.nodes.add(sum, m.phases[i].output(c));
        m.totals[static_cast<int>(c)] = sum;
    }
    return std::move(m);
}

void compiler::order_parameters() {
    // The names each parameter's formulas refer to (its value and distribution arguments).
    std::map<std::string, std::vector<std::pair<std::string, source_loc>>> refers;
    for (const auto& p : s_.parameters) {
        auto& names = refers[p.name];
        std::vector<located_text> texts(p.value.args);
        if (p.value.value) texts.push_back(*p.value.value);
        for (const auto& t : texts) {
            const expression e = parse_expression(t.text, t.loc);  // outlives the pointers into it
            for (const expr_node* n : e.references()) {
                if (params_.contains(n->name)) names.emplace_back(n->name, n->loc);
            }
        }
    }
    // Depth-first with an explicit stack, so that a chain of any length is fine; a name met
    // again while it is on the stack closes a cycle.
    enum class mark { none, open, done };
    std::map<std::string, mark> marks;
    for (const auto& root : s_.parameters) {
        if (marks[root.name] != mark::none) continue;
        std::vector<std::pair<std::string, std::size_t>> stack{{root.name, 0}};
        marks[root.name] = mark::open;
        while (!stack.empty()) {
            auto& [name, next] = stack.back();
            const auto& refs = refers[name];
            if (next == refs.size()) {
                marks[name] = mark::done;
                order_.push_back(name);
                stack.pop_back();
                continue;
            }
            const auto& [ref, loc] = refs[next++];
            if (marks[ref] == mark::done) continue;
            if (marks[ref] == mark::open) {
                std::string cycle;
                auto from = std::find_if(stack.begin(), stack.end(), [&](const auto& f) { return f.first == ref; });
                for (; from != stack.end(); ++from) cycle += from->first + " -> ";
                throw model_error::circular_formula(loc, cycle + ref);
            }
            marks[ref] = mark::open;
            stack.emplace_back(ref, 0);
        }
    }
}

int compiler::resolve(const std::string& name, const source_loc& at) {
    const auto it = params_.find(name);
    if (it == params_.end()) {
        std::vector<std::string> names;
        for (const auto& [n, _] : params_) names.push_back(n);
        throw input_error::undefined_reference(at, "parameter", name, nearest(name, names));
    }
    param_state& st = it->second;
    if (st.node < 0) {
        // Parameters are compiled in dependency order, so what one refers to already exists.
        // A parameter may have any dimension (no rule name); it must not be negative unless it says so.
        st.node = value(st.p->value, fmt::format("parameter '{}'", name), name, field_rule{nullptr, dimension{}});
    }
    return st.node;
}

int compiler::build(const expression& e) {
    // The parser appends every node after its operands, so one pass in order builds the
    // graph without recursion, however long the formula.
    graph& g = m.nodes;
    std::vector<int> built(e.nodes.size(), -1);
    for (std::size_t i = 0; i < e.nodes.size(); ++i) {
        const expr_node& n = e.nodes[i];
        auto arg = [&](std::size_t k) { return built[static_cast<std::size_t>(n.args[k])]; };
        int r = -1;
        switch (n.op) {
            case expr_op::number:
                if (!std::isfinite(n.value)) {
                    // YAML's .nan and .inf are not finite as written; 1e400, or 1e308 kWh in J, overflows.
                    if (n.text.starts_with(".")) throw model_error::non_finite_value(n.loc, fmt::format("the number '{}'", n.text));
                    throw input_error::invalid_expression(n.loc, fmt::format("the number '{}' is too large: it overflows a double in base units", n.text));
                }
                r = g.constant(n.value, n.dim);
                break;
            case expr_op::name: r = resolve(n.name, n.loc); break;
            case expr_op::neg: r = g.neg(arg(0)); break;
            case expr_op::mul:
            case expr_op::div:
                r = n.op == expr_op::mul ? g.mul(arg(0), arg(1)) : g.div(arg(0), arg(1));
                if (!g[r].dim.within(max_unit_power)) {
                    throw unit_error::mismatch(n.loc, "the unit of this product", fmt::format("at most {} in each base unit's power", max_unit_power), describe(g[r].dim));
                }
                break;
            case expr_op::add:
            case expr_op::sub: {
                const int a = arg(0), b = arg(1);
                r = n.op == expr_op::add ? g.add(a, b) : g.sub(a, b);
                if (r < 0) {
                    throw unit_error::mismatch(n.loc, fmt::format("the right side of '{}'", n.op == expr_op::add ? '+' : '-'),
                                               describe(g[a].dim), describe(g[b].dim));
                }
                break;
            }
            case expr_op::pow: {
                const int base = arg(0), exponent = arg(1);
                r = g.pow(base, exponent);
                if (r >= 0) break;
                if (!g[exponent].dim.dimensionless()) {
                    throw unit_error::mismatch(n.loc, "the exponent", describe(dims::none), describe(g[exponent].dim));
                }
                if (!g.is_constant(exponent)) {
                    throw input_error::invalid_expression(n.loc, "the exponent of a quantity with a unit must be a constant");
                }
                throw input_error::invalid_expression(
                    n.loc, fmt::format("the exponent of a quantity with a unit must be a whole number from -{0} to {0}, not {1:g}",
                                       max_unit_power, g[exponent].value));
            }
            case expr_op::call: {
                const int a = arg(0);
                if (n.name == "min" || n.name == "max") {
                    const int b = arg(1);
                    r = n.name == "min" ? g.min(a, b) : g.max(a, b);
                    if (r < 0) throw unit_error::mismatch(n.loc, fmt::format("the second argument of {}()", n.name), describe(g[a].dim), describe(g[b].dim));
                    break;
                }
                static const std::map<std::string, graph_op> unary{{"sqrt", graph_op::sqrt}, {"exp", graph_op::exp},
                    {"log", graph_op::log}, {"sin", graph_op::sin}, {"cos", graph_op::cos}};
                const graph_op op = unary.at(n.name);
                r = g.unary(op, a);
                if (r < 0) {
                    throw unit_error::mismatch(n.loc, fmt::format("the argument of {}()", n.name),
                                               op == graph_op::sqrt ? "a quantity whose unit has a square root" : describe(dims::none),
                                               describe(g[a].dim));
                }
                break;
            }
        }
        built[i] = r;
    }
    return built[static_cast<std::size_t>(e.root)];
}

int compiler::constant_arg(const located_text& text, const std::string& what) {
    const expression e = parse_expression(text.text, text.loc);
    const int node = build(e);
    if (!m.nodes.is_constant(node)) {
        throw input_error::invalid_value(text.loc, fmt::format("a constant for {}", what),
                                         "a formula over parameters");
    }
    return node;
}

namespace {

// A value in the unit mlca reports its dimension in: "0.945", "1.2 kWh".
std::string format_value(double v, dimension dim) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    const display_unit u = display_unit_for(dim);
    return u.named ? fmt::format("{:g} {}", v / u.factor, u.symbol) : fmt::format("{:g}", v / u.factor);
}

std::string range_text(const field_rule& rule) {
    return fmt::format("{}{}, {}{}", rule.low_open ? '(' : '[', format_value(rule.low, rule.dim),
                       format_value(rule.high, rule.dim), std::isinf(rule.high) ? ')' : ']');
}

}  // namespace

void compiler::check_range(int node, const std::string& text, const source_loc& loc, const std::string& what,
                           const field_rule& rule) {
    const graph& g = m.nodes;
    const interval r = ranges_.of(g, m.inputs, node);
    if (g.is_constant(node) && !std::isfinite(r.low)) throw model_error::non_finite_value(loc, what);
    if (r.undefined) throw model_error::undefined_values(loc, what);
    const bool below = rule.low_open ? r.low <= rule.low : r.low < rule.low;
    const bool above = r.high > rule.high;
    if (!below && !above) return;
    const dimension dim = g[node].dim;
    const bool only_sign = rule.low == 0.0 && !rule.low_open && !above;
    if (r.low == r.high) {
        if (only_sign) throw model_error::negative_value(loc, what, text);
        throw model_error::value_outside_range(loc, what, text, range_text(rule));
    }
    // The range of an input is exact; that of a formula is a bound, and may be wider.
    if (g[node].op != graph_op::input) {
        throw model_error::formula_range(loc, what, format_value(r.low, dim), format_value(r.high, dim), range_text(rule));
    }
    if (only_sign) throw model_error::can_be_negative(loc, what, format_value(r.low, dim), format_value(r.high, dim));
    throw model_error::range_exceeded(loc, what, format_value(r.low, dim), format_value(r.high, dim), range_text(rule));
}

int compiler::value(const value_spec& spec, const std::string& what, const std::string& key,
                    const field_rule& field, const source_table* sources) {
    const source_table& table = sources ? *sources : m.sources;
    for (const auto& source : spec.sources) {
        if (table.contains(source.text)) continue;
        std::vector<std::string> keys;
        for (const auto& [k, _] : table) keys.push_back(k);
        throw input_error::undefined_reference(source.loc, "source", source.text, nearest(source.text, keys));
    }
    // A parameter may have any dimension; a field must have its own.
    const bool check_dim = field.name != nullptr;
    field_rule rule = field;
    if (spec.allow_negative && rule.low <= 0.0) rule.low = -INFINITY;
    graph& g = m.nodes;
    int node = -1;
    if (spec.value) {
        const expression e = parse_expression(spec.value->text, spec.value->loc);
        node = build(e);
        if (check_dim && g[node].dim != rule.dim) {
            throw unit_error::mismatch(spec.value->loc, what, describe(rule.dim), describe(g[node].dim));
        }
        rule.dim = g[node].dim;
        // A parameter's formula is checked where it is used, against that field's range.
        if (check_dim || g.is_constant(node)) check_range(node, spec.value->text, spec.value->loc, what, rule);
    }
    if (spec.form == uncertainty_form::none) return node;

    if (node >= 0 && !g.is_constant(node)) {
        throw input_error::invalid_value(spec.value->loc, "a constant value where an uncertainty is given (give the uncertainty to the parameters the formula uses)", "a formula");
    }
    std::vector<int> args;
    for (std::size_t i = 0; i < spec.args.size(); ++i) {
        args.push_back(constant_arg(spec.args[i], fmt::format("the {} of {}", spec.arg_names[i], what)));
    }
    const dimension dim = node >= 0 ? g[node].dim : g[args[0]].dim;
    if (check_dim && dim != rule.dim) {
        throw unit_error::mismatch(spec.args[0].loc, what, describe(rule.dim), describe(dim));
    }
    rule.dim = dim;
    // Arguments that locate the distribution obey the value's range; spreads are positive.
    auto arg_value = [&](std::size_t i, dimension expected, const field_rule* own = nullptr) {
        const std::string arg_what = fmt::format("the {} of {}", spec.arg_names[i], what);
        if (g[args[i]].dim != expected) {
            throw unit_error::mismatch(spec.args[i].loc, arg_what, describe(expected), describe(g[args[i]].dim));
        }
        check_range(args[i], spec.args[i].text, spec.args[i].loc, arg_what, own ? *own : rule);
        return g[args[i]].value;
    };
    const field_rule spread{"", dim, 0.0, INFINITY, true};
    auto ordered = [&](std::size_t lo, std::size_t hi, double a, double b) {
        if (a > b) {
            throw model_error::invalid_range(spec.args[lo].loc, what, spec.arg_names[lo], spec.args[lo].text,
                                             spec.arg_names[hi], spec.args[hi].text);
        }
    };
    distribution dist = distribution::fixed(0.0);
    switch (spec.form) {
        case uncertainty_form::uniform: {
            const double low = arg_value(0, dim), high = arg_value(1, dim);
            ordered(0, 1, low, high);
            dist = distribution::uniform(low, high);
            break;
        }
        case uncertainty_form::triangular: {
            const double low = arg_value(0, dim), mode = arg_value(1, dim), high = arg_value(2, dim);
            ordered(0, 2, low, high);
            ordered(0, 1, low, mode);
            ordered(1, 2, mode, high);
            dist = distribution::triangular(low, mode, high);
            break;
        }
        case uncertainty_form::plus_minus: {
            const double centre = g[node].value;
            // "± 10 %" is relative to the value; "± 40 W" (or "± 0.1" of a number) is absolute.
            const bool relative = g[args[0]].dim.dimensionless() &&
                                  (!dim.dimensionless() || spec.args[0].text.find('%') != std::string::npos);
            const field_rule relative_spread{"", dims::none, 0.0, INFINITY, true};
            const double half = relative ? arg_value(0, dims::none, &relative_spread) * std::abs(centre)
                                         : arg_value(0, dim, &spread);
            dist = distribution::uniform(centre - half, centre + half);
            break;
        }
        case uncertainty_form::normal: {
            const std::size_t sd_index = spec.args.size() - 1;
            const double mean = sd_index == 1 ? arg_value(0, dim) : g[node].value;
            const double sd = arg_value(sd_index, dim, &spread);
            dist = distribution::normal(mean, sd, !spec.allow_negative);
            break;
        }
        case uncertainty_form::lognormal: {
            const std::size_t gsd_index = spec.args.size() - 1;
            const field_rule positive{"", dim, 0.0, INFINITY, true};
            const double median = gsd_index == 1 ? arg_value(0, dim, &positive) : g[node].value;
            if (gsd_index == 0 && median <= 0.0) {
                throw model_error::value_outside_range(spec.value->loc, fmt::format("the median of {}", what),
                                                       spec.value->text, range_text(positive));
            }
            const field_rule gsd_rule{"", dims::none, 1.0, INFINITY, true};
            dist = distribution::lognormal(median, arg_value(gsd_index, dims::none, &gsd_rule));
            break;
        }
        case uncertainty_form::none: break;
    }
    const interval sup = support(dist);
    const double nominal = node >= 0 ? g[node].value : dist.centre();
    if (node >= 0 && (nominal < sup.low || nominal > sup.high)) {
        throw model_error::value_outside_range(spec.value->loc, what, spec.value->text,
                                               fmt::format("[{}, {}]", format_value(sup.low, dim), format_value(sup.high, dim)));
    }
    std::vector<std::string> cited;
    for (const auto& source : spec.sources) cited.push_back(source.text);
    model_input in{key, dist, nominal, dim, spec.loc, std::move(cited), spec.note};
    m.inputs.push_back(std::move(in));
    const int input = g.input(static_cast<int>(m.inputs.size()) - 1, dim);
    check_range(input, spec.value ? spec.value->text : "", spec.form_loc, what, rule);
    return input;
}

const entity& compiler::find_entity(const std::string& section, const located_text& ref) {
    const auto& items = section == "hardware" ? s_.hardware : s_.sites;
    std::vector<std::string> ids;
    for (const auto& e : items) {
        if (e.id == ref.text) return e;
        ids.push_back(e.id);
    }
    throw input_error::undefined_reference(ref.loc, section, ref.text, nearest(ref.text, ids));
}

int compiler::catalogue_value(const catalog_entry& entry, const std::string& field, const std::string& quantity,
                              const field_rule& rule) {
    const value_spec& spec = entry.fields.at(field);
    const std::string at = fmt::format("{}/{}", kind_name(entry.kind), entry.id);
    // The stream is the catalogue value's, so that every use of it is the same draw.
    const int node = value(spec, fmt::format("{} of {} (as the {})", field, at, quantity),
                           fmt::format("catalog.{}.{}.{}", kind_name(entry.kind), entry.id, field), rule, entry.sources.get());
    provenance_item item{quantity, at, node, {}, spec.year};
    for (const auto& source : spec.sources) {
        const auto& f = entry.sources->at(source.text);
        auto get = [&](const char* k) { const auto it = f.find(k); return it == f.end() ? std::string() : it->second; };
        std::string where = get("repository");
        if (!get("path").empty()) where += (where.empty() ? "" : "/") + get("path");
        if (!get("commit").empty()) where += " @ " + get("commit").substr(0, 7);
        if (where.empty()) where = get("url");
        item.sources.push_back(fmt::format("{}{}{}", get("title"), where.empty() ? "" : "; " + where,
                                           get("licence").empty() ? "" : "; " + get("licence")));
    }
    m.provenance.push_back(std::move(item));
    return node;
}

int compiler::mix_intensity(const entity& site) {
    // grid_intensity = sum over sources of share × the source's lifecycle factor.
    graph& g = m.nodes;
    int sum = -1;
    double nominal_share = 0.0;
    const field_rule share_rule{"", dims::none, 0.0, 1.0};
    std::vector<std::string> names;
    for (const auto& id : catalogue_.ids(catalog_kind::grids)) {
        if (id.starts_with("source-")) names.push_back(id.substr(7));
    }
    for (const auto& [name, spec] : site.mix) {
        const catalog_entry* source = catalogue_.find(catalog_kind::grids, "source-" + name.text);
        if (!source || !source->fields.contains("grid_intensity")) {
            throw input_error::undefined_reference(name.loc, "source of electricity", name.text, nearest(name.text, names));
        }
        const int share = value(spec, fmt::format("the share of {} in the mix of site '{}'", name.text, site.id),
                                fmt::format("site.{}.mix.{}", site.id, name.text), share_rule);
        nominal_share += evaluate_point(g, {share}, m.nominal_inputs())[0];
        const auto& rules = site_rules();
        const auto rule = std::find_if(rules.begin(), rules.end(), [](const field_rule& r) { return std::string(r.name) == "grid_intensity"; });
        const int factor = catalogue_value(*source, "grid_intensity",
                                           fmt::format("factor of {} in the mix of site '{}'", name.text, site.id), *rule);
        const int term = g.mul(share, factor);
        sum = sum < 0 ? term : g.add(sum, term);
    }
    if (std::abs(nominal_share - 1.0) > 0.005) {
        throw input_error::invalid_value(site.mix_loc, "shares that add up to 100 %",
                                         fmt::format("shares that add up to {:g} %", nominal_share * 100.0));
    }
    return sum;
}

void compiler::warn(const std::string& code, const std::string& message) {
    const bool known = std::any_of(m.warnings.begin(), m.warnings.end(),
                                   [&](const model_warning& w) { return w.code == code && w.message == message; });
    if (!known) m.warnings.push_back({code, message});
}

const catalog_entry* compiler::catalogue_entry(const std::string& section, const entity& e, const std::string& field) {
    // Which reference gives which field: a hardware's model gives its values; a site's grid
    // its grid and water intensities, its datacentre its PUE and WUE (and, failing a grid
    // of its own, the grid the datacentre draws from).
    auto lookup = [&](const char* ref, catalog_kind kind) -> const catalog_entry* {
        const auto it = e.refs.find(ref);
        if (it == e.refs.end()) return nullptr;
        const catalog_entry* entry = catalogue_.find(kind, it->second.text);
        if (!entry) {
            throw input_error::undefined_reference(it->second.loc, fmt::format("{} id", kind_name(kind)), it->second.text,
                                                   catalogue_.suggest(kind, it->second.text));
        }
        return entry;
    };
    if (section == "hardware") {
        const catalog_entry* model = lookup("model", catalog_kind::hardware);
        return model && model->fields.contains(field) ? model : nullptr;
    }
    if (field == "pue" || field == "wue") {
        const catalog_entry* dc = lookup("datacentre", catalog_kind::datacentres);
        return dc && dc->fields.contains(field) ? dc : nullptr;
    }
    const catalog_entry* grid = lookup("grid", catalog_kind::grids);
    if (!grid) {
        const catalog_entry* dc = lookup("datacentre", catalog_kind::datacentres);
        if (dc && dc->text.contains("grid")) grid = catalogue_.find(catalog_kind::grids, dc->text.at("grid"));
    }
    if (!grid) return nullptr;
    if (grid->fields.contains(field)) return grid;
    // A zone without its own water intensity takes its country's, and says so.
    if (field == "water_intensity" && grid->text.contains("country")) {
        const catalog_entry* country = catalogue_.find(catalog_kind::grids, grid->text.at("country"));
        if (country && country != grid && country->fields.contains(field)) {
            warn("water-intensity-from-country",
                 fmt::format("site '{}': grid '{}' has no water intensity of its own; using its country's ('{}')", e.id,
                             grid->id, country->id));
            return country;
        }
    }
    return nullptr;
}

int compiler::entity_field(const std::string& section, const entity& e, const std::string& field,
                           const source_loc& used_at) {
    const std::string key = fmt::format("{}/{}/{}", section, e.id, field);
    if (const auto it = entity_nodes_.find(key); it != entity_nodes_.end()) return it->second;
    const auto& rules = section == "hardware" ? hardware_rules() : site_rules();
    const auto rule = std::find_if(rules.begin(), rules.end(), [&](const field_rule& r) { return field == r.name; });
    int node = -1;
    // The scenario's own value first; then a mix of sources; then the catalogue entry it refers to.
    if (field == "grid_intensity" && !e.mix.empty()) {
        if (e.fields.contains(field)) {
            throw input_error::invalid_value(e.field_locs.at(field), fmt::format("either 'mix' or 'grid_intensity' in site '{}'", e.id), "both");
        }
        node = mix_intensity(e);
    } else if (const auto spec = e.fields.find(field); spec != e.fields.end()) {
        node = value(spec->second, fmt::format("{} of {} '{}'", field, section, e.id),
                     fmt::format("{}.{}.{}", section, e.id, field), *rule);
    } else if (const catalog_entry* entry = catalogue_entry(section, e, field)) {
        node = catalogue_value(*entry, field, fmt::format("{} of {} '{}'", field, section, e.id), *rule);
    } else {
        const char* hint = section == "hardware"                  ? "give it here, or a catalogue 'model' that has it"
                           : field == "pue" || field == "wue" ? "give it here, or a catalogue 'datacentre' that has it"
                                                              : "give it here, or a catalogue 'grid' that has it";
        throw input_error::missing_field(e.loc.known() ? e.loc : used_at, field, fmt::format("{} '{}'", section, e.id), hint);
    }
    entity_nodes_[key] = node;
    return node;
}

void compiler::compile_phase(const phase_spec& spec) {
    const auto& kinds = phase_kinds();
    const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const phase_kind& k) { return spec.kind.text == k.name; });
    if (kind == kinds.end()) {
        std::vector<std::string> names;
        for (const auto& k : kinds) names.emplace_back(k.name);
        throw input_error::undefined_reference(spec.kind.loc, "phase kind", spec.kind.text, nearest(spec.kind.text, names));
    }
    std::vector<std::string> names;
    for (const auto& r : kind->fields) names.emplace_back(r.name);
    for (const auto& [field, _] : spec.fields) {
        if (std::find(names.begin(), names.end(), field) == names.end()) {
            throw input_error::unknown_key(spec.field_locs.at(field), field,
                                           fmt::format("a phase of kind '{}'", kind->name), nearest(field, names));
        }
    }
    phase_model out;
    out.name = spec.name;
    out.kind = kind->name;
    out.stage = spec.stage ? spec.stage->text : "";
    out.loc = spec.loc;
    phase_context ctx(*this, spec, out, kind->fields);
    kind->build(ctx);
    m.phases.push_back(std::move(out));
}

}  // namespace detail
}  // namespace mlca
