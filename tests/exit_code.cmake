# Runs CMD with ARGS (a ;-list) and fails unless the exit status is EXPECT.
execute_process(COMMAND ${CMD} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXPECT)
  message(FATAL_ERROR "expected exit ${EXPECT}, got ${status}\n${out}${err}")
endif()
