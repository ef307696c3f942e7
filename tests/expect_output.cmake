# Runs CMD with ARGS (a ;-list), echoes its output for PASS_REGULAR_EXPRESSION to match, and
# prints `exit status N, expected EXPECT` (for FAIL_REGULAR_EXPRESSION) on another status.
execute_process(COMMAND ${CMD} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL EXPECT)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT}")
endif()
