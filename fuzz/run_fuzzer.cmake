# Fuzzes one target for SECONDS from a copy of its seed corpus, with the limits of the
# acceptance runs: 10 s per input, 2 GB of memory. Fails, naming the input libFuzzer
# saved, on any finding.
#   cmake -DFUZZER=... -DCORPUS=... -DDICTIONARY=... -DWORK=... -DSECONDS=60 -P run_fuzzer.cmake
foreach(var FUZZER CORPUS DICTIONARY WORK SECONDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
file(GLOB seeds ${CORPUS}/*)
file(COPY ${seeds} DESTINATION ${WORK}/corpus)

execute_process(
  COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048 -dict=${DICTIONARY}
          -artifact_prefix=${WORK}/artifacts/ -print_final_stats=1 -print_funcs=0 ${WORK}/corpus
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(GLOB found ${WORK}/artifacts/*)
  message(FATAL_ERROR "the fuzzer exited with ${status}; the input that failed: ${found}\n"
                      "Replay it with `${FUZZER} INPUT`; once fixed, keep it under fuzz/regressions/.")
endif()
