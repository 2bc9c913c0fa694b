#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
    // "Now" is pinned (reproducible-builds.org's SOURCE_DATE_EPOCH, 2026-12-01), so that what
    // depends on the year, such as stale-catalogue-value warnings, does not change with the calendar.
    setenv("SOURCE_DATE_EPOCH", "1796083200", 0);
    return doctest::Context(argc, argv).run();
}
