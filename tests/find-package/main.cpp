// Compiles a scenario given on the command line and prints its nominal total carbon.
#include <cstdio>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/scenario.hpp"

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    const kaya::model m = kaya::compile(kaya::load_scenario(argv[1]));
    const kaya::run_result r = kaya::run_monte_carlo(m, {100, 1});
    std::printf("%.1f\n", r.total[0].nominal);
    return 0;
}
