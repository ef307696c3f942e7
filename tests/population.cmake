# A pinned synthetic population: generate it with `jaring synth SPEC`, decide it with
# `jaring eval POLICY --as-of D` for every date listed in DIR/args, and compare each summary
# with DIR/expected/summary-D.json. JARING_UPDATE_GOLDEN=1 rewrites the expected files.
# Called as: cmake -DJARING=... -DROOT=... -DDIR=... -DOUT=... -P population.cmake
# DIR/args: line 1 the policy (relative to ROOT), then one as-of date per line.
file(STRINGS ${DIR}/args lines)
list(POP_FRONT lines policy)
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${JARING} synth ${DIR}/spec.json --out ${OUT}/population.csv
                RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "synth failed (${status}): ${err}")
endif()
foreach(as_of ${lines})
  set(summary ${OUT}/summary-${as_of}.json)
  execute_process(COMMAND ${JARING} eval ${policy} --as-of ${as_of} --records ${OUT}/population.csv
                          --out ${OUT}/decisions-${as_of}.jsonl --summary ${summary}
                  WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE status ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "eval ${as_of} failed (${status}): ${err}")
  endif()
  set(expected ${DIR}/expected/summary-${as_of}.json)
  file(READ ${summary} actual)
  if(DEFINED ENV{JARING_UPDATE_GOLDEN})
    file(WRITE ${expected} "${actual}")
    continue()
  endif()
  file(READ ${expected} wanted)
  if(NOT actual STREQUAL wanted)
    execute_process(COMMAND diff -u ${expected} ${summary} OUTPUT_VARIABLE difference)
    message(FATAL_ERROR "summary for ${as_of} differs from ${expected} (refresh with JARING_UPDATE_GOLDEN=1):\n${difference}")
  endif()
  message(STATUS "${as_of}: ${err}")
endforeach()
