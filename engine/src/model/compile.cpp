#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "render/text.hpp"
#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "model/compiler.hpp"
#include "scenario/keys.hpp"

namespace kaya {

std::optional<std::size_t> model::indicator_index(std::string_view key) const {
    for (std::size_t k = 0; k < indicators.size(); ++k)
        if (indicators[k].key == key) return k;
    return std::nullopt;
}

std::vector<double> model::nominal_inputs() const {
    std::vector<double> out;
    out.reserve(inputs.size());
    for (const auto& in : inputs) out.push_back(in.nominal);
    return out;
}

bool model::stage_has_gap(std::size_t indicator, std::string_view stage) const {
    for (std::size_t i = 0; i < phases.size(); ++i)
        if (phases[i].stage == stage && gaps[i][indicator]) return true;
    return false;
}

bool model::has_gap(std::size_t indicator, int phase) const {
    if (phase >= 0) return gaps[static_cast<std::size_t>(phase)][indicator];
    return std::any_of(gaps.begin(), gaps.end(), [&](const std::vector<bool>& g) { return g[indicator]; });
}

model compile(const scenario& s, const std::vector<std::string>& catalogues) {
    return detail::compiler(s, catalogues).run();
}

namespace detail {

compiler::compiler(const scenario& s, const std::vector<std::string>& catalogues)
    // The built-in catalogue is static: shared without being owned.
    : s_(s), catalogue_(std::shared_ptr<const catalog>(), &catalog::builtin()) {
    for (const auto& p : s.parameters) params_[p.name].p = &p;
    std::vector<std::string> extra;
    for (const auto& import : s.imports) extra.push_back(confined(import, "catalogue file"));
    extra.insert(extra.end(), catalogues.begin(), catalogues.end());
    // The built-in catalogue is shared; a copy is made only to add user catalogues to it.
    if (!extra.empty()) {
        auto own = std::make_shared<catalog>(catalog::builtin());
        for (const auto& path : extra) own->add_file(path);
        catalogue_ = std::move(own);
    }
    // The fields of sites and hardware, from the one schema (their own, then each category's factors).
    hardware_schema_ = hardware_schema(*catalogue_);
    site_schema_ = site_schema(*catalogue_);
    for (const auto& [schema, rules] : {std::pair{&hardware_schema_, &hardware_rules_}, std::pair{&site_schema_, &site_rules_}}) {
        for (const auto& f : schema->values) {
            field_rule r{f.name.c_str(), f.dim, f.low, f.high, f.low_open};
            r.optional = f.optional;
            r.example = f.example.c_str();
            rules->push_back(r);
        }
    }
    for (const auto& o : catalogue_->overrides()) {
        warn("catalog-override",
             fmt::format("{} entry '{}' of {} replaces the one of {}", kind_name(o.kind), o.id, o.origin, o.replaced_origin));
    }
}

std::string compiler::confined(const located_text& ref, const char* what) const {
    // A file a scenario names is relative to its folder, and may be read only inside that
    // folder tree or a folder the user allows: a scenario from elsewhere must not be able to
    // read, and quote, any file it names.
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path folder = fs::path(s_.file->path()).parent_path();
    std::vector<fs::path> roots{fs::weakly_canonical(fs::absolute(folder.empty() ? "." : folder), ec)};
    for (const auto& allowed : s_.import_folders) roots.push_back(fs::weakly_canonical(fs::absolute(allowed), ec));
    const fs::path real = fs::weakly_canonical(fs::absolute(folder / ref.text), ec);
    const bool inside = std::any_of(roots.begin(), roots.end(), [&](const fs::path& root) {
        const auto [r, p] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
        return r == root.end();
    });
    if (!inside) {
        throw input_error::invalid_value(ref.loc, fmt::format("a {} inside the scenario's folder, or in a folder the user allows", what),
                                         fmt::format("'{}', outside them", ref.text));
    }
    if (!fs::is_regular_file(real, ec)) throw input_error::undefined_reference(ref.loc, what, ref.text, "");
    return real.string();
}

model compiler::run() {
    m.name = s_.name;
    m.description = s_.description;
    m.file = s_.file;
    for (const auto& src : s_.sources) m.sources[src.key] = src.fields;
    for (const auto& w : s_.warnings) warn(w.code, w.message);
    m.overrides = s_.overrides;
    // Every parameter is compiled, used or not, so that each is checked.
    order_parameters();
    for (const auto& name : order_) m.fields["parameter/" + name] = resolve(name, params_.at(name).p->loc);
    select_indicators();
    for (const auto& [section, items, rules] :
         {std::tuple{"hardware", &s_.hardware, &hardware_rules_},
          std::tuple{"site", &s_.sites, &site_rules_}}) {
        for (const auto& e : *items) {
            std::vector<std::string> names;
            for (const auto& r : *rules) names.emplace_back(r.name);
            for (const auto& [field, spec] : e.fields) {
                if (std::find(names.begin(), names.end(), field) == names.end()) {
                    // Any key of the entry may be what was meant: `modle` for `model`.
                    std::vector<std::string> keys = (std::string(section) == "hardware" ? hardware_schema_ : site_schema_).keys();
                    if (std::string(section) == "site") keys.emplace_back("mix");
                    throw input_error::unknown_key(e.field_locs.at(field), field, fmt::format("{} '{}'", section, e.id),
                                                   suggest_among(field, keys, fmt::format("keys of a {}", section)));
                }
                entity_field(section, e, field, e.field_locs.at(field));
            }
            // Catalogue references are checked whether or not a phase uses them.
            for (const auto& r : *rules) catalogue_entry(section, e, r.name);
            // A site's required fields are checked whether or not a phase uses them.
            if (std::string(section) == "site") {
                for (const auto& r : *rules)
                    if (!r.optional) entity_field(section, e, r.name, e.loc);
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
    // Stages and totals sum what is assessed; the coverage says what is not.
    auto add = [&](int a, int b) { return a < 0 ? b : b < 0 ? a : m.nodes.add(a, b); };
    for (const auto& p : m.phases) {
        if (p.stage.empty()) continue;
        auto it = std::find_if(m.stages.begin(), m.stages.end(), [&](const stage_model& st) { return st.name == p.stage; });
        if (it == m.stages.end()) {
            m.stages.push_back({p.stage, p.outputs});
        } else {
            for (std::size_t k = 0; k < p.outputs.size(); ++k) it->outputs[k] = add(it->outputs[k], p.outputs[k]);
        }
    }
    m.totals.assign(m.indicators.size(), -1);
    for (const auto& p : m.phases)
        for (std::size_t k = 0; k < p.outputs.size(); ++k) m.totals[k] = add(m.totals[k], p.outputs[k]);
    find_gaps();
    // A sum whose only assessed terms are true zeros, and which misses others, says nothing:
    // not assessed, rather than "at least 0".
    auto empty = [&](int node, bool gap) { return gap && node >= 0 && m.nodes.is_constant(node) && m.nodes[node].value == 0.0; };
    for (std::size_t k = 0; k < m.totals.size(); ++k)
        if (empty(m.totals[k], m.has_gap(k))) m.totals[k] = -1;
    for (auto& st : m.stages) {
        for (std::size_t k = 0; k < st.outputs.size(); ++k)
            if (empty(st.outputs[k], m.stage_has_gap(k, st.name))) st.outputs[k] = -1;
    }
    add_parity();
    add_functional_unit();
    m.fields.insert(entity_nodes_.begin(), entity_nodes_.end());
    m.catalogue = catalogue_;
    return std::move(m);
}

void compiler::find_gaps() {
    const std::size_t n = m.indicators.size();
    m.gaps.assign(m.phases.size(), std::vector<bool>(n, false));
    std::map<std::string, std::size_t> phase_index, indicator_index;
    for (std::size_t i = 0; i < m.phases.size(); ++i) phase_index[m.phases[i].name] = i;
    for (std::size_t k = 0; k < n; ++k) indicator_index[m.indicators[k].key] = k;
    for (const auto& g : m.coverage) {
        const std::size_t phase = phase_index.at(g.phase), k = indicator_index.at(g.indicator);
        m.gaps[phase][k] = true;
        // A whole without terms of its own is the sum of its parts: their gaps are its own.
        const indicator& part = m.indicators[k];
        if (part.detail_of.empty()) continue;
        const std::size_t whole = indicator_index.at(part.detail_of);
        if (m.indicators[whole].terms.empty()) m.gaps[phase][whole] = true;
    }
}

void compiler::add_parity() {
    graph& g = m.nodes;
    int others = -1, rate = -1;
    // Parity is about carbon (in the primary accounting), which every scenario must assess.
    const auto carbon = m.carbon();
    if (!carbon) return;
    for (const auto& p : m.phases) {
        const int gwp = p.output(*carbon);
        if (gwp < 0) return;
        if (!kind_of(p.kind).deployment) {
            others = others < 0 ? gwp : g.add(others, gwp);
        } else {
            if (p.duration < 0) return;  // a rate needs the period the phase covers
            const int r = g.div(gwp, p.duration);
            rate = rate < 0 ? r : g.add(rate, r);
        }
    }
    if (others >= 0 && rate >= 0) m.parity = g.div(others, rate);
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
            // Named members, not a structured binding: clang 14 cannot capture those in a lambda.
            const auto& edge = refs[next++];
            const std::string& ref = edge.first;
            const auto& loc = edge.second;
            if (marks[ref] == mark::done) continue;
            if (marks[ref] == mark::open) {
                std::string cycle;
                auto from = std::find_if(stack.begin(), stack.end(), [&ref = ref](const auto& f) { return f.first == ref; });
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
        throw input_error::undefined_reference(at, "parameter", name, suggest(name, names));
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
    if (static_cast<std::size_t>(g.size()) + e.nodes.size() > max_graph_nodes) {
        throw input_error::invalid_expression(
            e.loc, fmt::format("this formula takes the model past {} nodes (values, inputs and operations), the most kaya "
                               "evaluates (docs/reference/limits.md)", detail::thousands(static_cast<long long>(max_graph_nodes))));
    }
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

const entity& compiler::find_entity(const std::string& section, const located_text& ref) {
    const auto& items = section == "hardware" ? s_.hardware : s_.sites;
    std::vector<std::string> ids;
    for (const auto& e : items) {
        if (e.id == ref.text) return e;
        ids.push_back(e.id);
    }
    throw input_error::undefined_reference(ref.loc, section, ref.text,
                                           suggest_among(ref.text, ids, section == "hardware" ? "hardware ids" : "site ids"));
}

int compiler::entity_field(const std::string& section, const entity& e, const std::string& field,
                           const source_loc& used_at) {
    const std::string key = fmt::format("{}/{}/{}", section, e.id, field);
    if (const auto it = entity_nodes_.find(key); it != entity_nodes_.end()) return it->second;
    const auto& rules = rules_of(section);
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
        const catalog_kind kind = supplier(section, field);
        const std::string hint = fmt::format("give it here, or a catalogue '{}' that has it",
                                             kind == catalog_kind::hardware ? "model" : kind == catalog_kind::grids ? "grid" : "datacentre");
        throw input_error::missing_field(e.loc.known() ? e.loc : used_at, field, fmt::format("{} '{}'", section, e.id), hint);
    }
    entity_nodes_[key] = node;
    return node;
}

bool compiler::entity_has(const std::string& section, const entity& e, const std::string& field) {
    return e.fields.contains(field) || (field == "grid_intensity" && !e.mix.empty()) || catalogue_entry(section, e, field) != nullptr;
}

catalog_kind compiler::supplier(const std::string& section, const std::string& field) const {
    const field_schema* f = (section == "hardware" ? hardware_schema_ : site_schema_).find(field);
    return f && f->supplier ? *f->supplier : section == "hardware" ? catalog_kind::hardware : catalog_kind::datacentres;
}

namespace {

// For a field a phase's kind does not have: the kinds that have it ("'queries' is a field of
// inference phases"), or else the nearest keys a phase of its kind takes.
suggestion phase_field_suggestion(const std::string& field, const phase_kind& kind) {
    std::vector<std::string> fields, owners;
    for (const auto& r : kind.fields) fields.emplace_back(r.name);
    for (const auto& k : phase_kinds()) {
        const bool has = std::any_of(k.fields.begin(), k.fields.end(), [&](const field_rule& r) { return field == r.name; });
        if (has) owners.emplace_back(k.name);
    }
    const std::string listed = fmt::format("the fields of a {} phase are {}", kind.name, listing(fields));
    suggestion out;
    if (!owners.empty()) {
        out.hint = fmt::format("'{}' is a field of {} phases; {}", field, listing(owners, "and"), listed);
        return out;
    }
    std::vector<std::string> keys = fields;
    keys.insert(keys.end(), phase_keys.begin(), phase_keys.end());
    out = suggest(field, keys);
    if (out.names.empty()) out.hint = listed;
    return out;
}

}  // namespace

void compiler::compile_phase(const phase_spec& spec) {
    const auto& kinds = phase_kinds();
    const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const phase_kind& k) { return spec.kind.text == k.name; });
    if (kind == kinds.end()) {
        std::vector<std::string> names;
        for (const auto& k : kinds) names.emplace_back(k.name);
        throw input_error::undefined_reference(spec.kind.loc, "phase kind", spec.kind.text,
                                               suggest_among(spec.kind.text, names, "phase kinds"));
    }
    std::vector<std::string> names;
    for (const auto& r : kind->fields) names.emplace_back(r.name);
    for (const auto& [field, _] : spec.fields) {
        if (std::find(names.begin(), names.end(), field) == names.end()) {
            throw input_error::unknown_key(spec.field_locs.at(field), field, fmt::format("a phase of kind '{}'", kind->name),
                                           phase_field_suggestion(field, *kind));
        }
    }
    phase_model out;
    out.name = spec.name;
    out.kind = kind->name;
    out.stage = spec.stage ? spec.stage->text : "";
    out.loc = spec.loc;
    phase_context ctx(*this, spec, out, *kind);
    kind->build(ctx);
    characterise(spec, ctx, out);
    check_power(spec, ctx, out);
    m.phases.push_back(std::move(out));
}

}  // namespace detail
}  // namespace kaya
