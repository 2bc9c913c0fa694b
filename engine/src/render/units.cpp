#include "mlca/render/render.hpp"
#include "mlca/units/unit.hpp"

namespace mlca {

criterion_unit reporting_unit(criterion c) {
    switch (c) {
        case criterion::gwp: return {"kgCO2e", 1.0 / find_unit("kgCO2e")->factor};
        case criterion::energy: return {"kWh", 1.0 / find_unit("kWh")->factor};
        case criterion::water: return {"L", 1.0 / find_unit("L")->factor};
    }
    return {"", 1.0};
}

}  // namespace mlca
