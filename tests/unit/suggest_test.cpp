// "Did you mean": which names an unknown name suggests, and in which order.
#include <doctest/doctest.h>

#include "errors/suggest.hpp"
#include "kaya/catalog/catalog.hpp"

using namespace kaya;
using detail::suggest;
using names = std::vector<std::string>;

TEST_CASE("suggestions: names that begin with the unknown name come before edit distance") {
    // 'nvidia-p100' is one letter from 'nvidia-h100', but the H100 ids are what was meant.
    const names ids{"nvidia-h100-nvl", "nvidia-h100-pcie", "nvidia-h100-sxm", "nvidia-p100", "nvidia-a100-sxm4-80gb"};
    CHECK(suggest("nvidia-h100", ids).names == names{"nvidia-h100-nvl", "nvidia-h100-sxm", "nvidia-h100-pcie"});
}

TEST_CASE("suggestions: several candidates, best first, with a count of those left out") {
    const suggestion s = suggest("gpu", {"gpu_a", "gpu_bb", "gpu_c", "gpu_dddd", "gpu_e", "gpus"}, 4);
    CHECK(s.names == names{"gpus", "gpu_a", "gpu_c", "gpu_e"});
    CHECK(s.more == 2);
    CHECK(s.clause() == "; did you mean 'gpus', 'gpu_a', 'gpu_c', 'gpu_e' or one of 2 more?");
}

TEST_CASE("suggestions: the order of the kinds of match") {
    SUBCASE("the same name in another case first") { CHECK(suggest("kwh", {"kWh2", "kWh", "Wh"}).names == names{"kWh"}); }
    SUBCASE("then names that contain it") { CHECK(suggest("h100", {"nvidia-h100-sxm", "nvidia-p100"}).names == names{"nvidia-h100-sxm"}); }
    SUBCASE("then the nearest by edit distance that keep its first segment") {
        CHECK(suggest("gcp-us-east2", {"gcp", "gcp-us-east1", "gcp-us-east4", "gcp-us-west1"}).names == names{"gcp-us-east1", "gcp-us-east4"});
    }
    SUBCASE("then the names it extends by a segment, longest first, before nearer text of another first segment") {
        CHECK(suggest("aws-us-east-1", {"aws", "gcp-us-east1"}).names == names{"aws"});
        CHECK(suggest("azure-eu-west-1-b", {"azure", "azure-eu", "gcp-eu-west1"}).names == names{"azure-eu", "azure"});
    }
    SUBCASE("then edit distance, the nearest only") {
        CHECK(suggest("trainig", {"embodied", "idle", "training", "inference"}).names == names{"training"});
        CHECK(suggest("deployment", {"embodied", "idle", "training", "inference"}).empty());
    }
    SUBCASE("a one- or two-letter name is no prefix or part of everything") {
        CHECK(suggest("x", {"max", "exp"}).empty());
    }
}

TEST_CASE("suggestions: a closed set is listed when nothing is close") {
    const names kinds{"embodied", "idle", "training", "inference"};
    CHECK(detail::suggest_among("deployment", kinds, "phase kinds").clause() ==
          "; the phase kinds are embodied, idle, training and inference");
    CHECK(detail::suggest_among("trainig", kinds, "phase kinds").clause() == "; did you mean 'training'?");
    CHECK(detail::suggest_among("x", {}, "sources").clause() == "; there are no sources");
}

TEST_CASE("catalogue suggestions: a provider's region where the catalogue has none of its regions") {
    const catalog& c = catalog::builtin();
    const suggestion s = c.suggest(catalog_kind::datacentres, "aws-us-east-1");
    CHECK(s.names == names{"aws"});
    CHECK(s.hint == "the datacentres catalogue has regions of gcp and seeweb only, and for provider 'aws' an entry for the whole "
                    "provider; 'aws-us-east-1' is a grids entry");
    SUBCASE("a region of a provider that has regions is suggested as usual") {
        CHECK(c.suggest(catalog_kind::datacentres, "gcp-us-east2").names == names{"gcp-us-east1", "gcp-us-east4"});
    }
    SUBCASE("without a kind, an id in two catalogues is suggested once") {
        CHECK(c.suggest(std::nullopt, "gcp-us-east").names == names{"gcp-us-east1", "gcp-us-east4", "gcp-us-east5"});
    }
    SUBCASE("an entry's name still finds its id") { CHECK(c.suggest(catalog_kind::grids, "FRANCE").names == names{"FRA"}); }
}
