// Compiles a scenario given on the command line and prints its nominal total carbon.
#include <cstdio>

#include "mlca/analysis/monte_carlo.hpp"
#include "mlca/model/model.hpp"
#include "mlca/scenario/scenario.hpp"

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const mlca::model m = mlca::compile(mlca::load_scenario(argv[1]));
    const mlca::run_result r = mlca::run_monte_carlo(m, {100, 1});
    std::printf("%.1f\n", r.total[0].nominal);
    return 0;
}
