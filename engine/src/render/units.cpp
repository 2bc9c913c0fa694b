#include "kaya/render/render.hpp"
#include "kaya/units/unit.hpp"

namespace kaya {

criterion_unit reporting_unit(criterion c) {
    static const dimension dims_of[] = {dims::carbon, dims::energy, dims::volume};
    static const display_unit units[] = {display_unit_for(dims_of[0]), display_unit_for(dims_of[1]),
                                         display_unit_for(dims_of[2])};
    const display_unit& u = units[static_cast<int>(c)];
    return {u.symbol.c_str(), 1.0 / u.factor};
}

}  // namespace kaya
