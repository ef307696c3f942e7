# Runs `jaring check CASE.policy` in tests/golden and compares the exit status and the
# diagnostics with CASE.diag. With JARING_UPDATE_GOLDEN=1 in the environment, rewrites the
# .diag file instead. Called as: cmake -DJARING=... -DCASE=... -DDIR=... -P golden.cmake
execute_process(
  COMMAND ${JARING} check ${CASE}.policy
  WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
set(actual "exit: ${status}\n${out}${err}")
set(expected_file ${DIR}/${CASE}.diag)
if(DEFINED ENV{JARING_UPDATE_GOLDEN})
  file(WRITE ${expected_file} "${actual}")
  message(STATUS "updated ${expected_file}")
  return()
endif()
if(NOT EXISTS ${expected_file})
  message(FATAL_ERROR "missing ${expected_file}; create it with JARING_UPDATE_GOLDEN=1\n--- actual ---\n${actual}")
endif()
file(READ ${expected_file} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "diagnostics differ from ${CASE}.diag (refresh with JARING_UPDATE_GOLDEN=1 ctest -R golden)\n--- expected ---\n${expected}--- actual ---\n${actual}--- end ---")
endif()
