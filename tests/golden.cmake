# Runs `jaring check FILE` (CASE.policy, or a literate CASE.policy.md) in tests/golden and compares the exit status and the
# diagnostics with CASE.diag. With -DLANG=id it runs `jaring check --lang id` with
# JARING_I18N_STRICT=1 instead and compares with CASE.id.diag; any untranslated message fails
# it, even when refreshing. With JARING_UPDATE_GOLDEN=1 in the environment, rewrites the
# expected file instead. Called as: cmake -DJARING=... -DCASE=... [-DFILE=...] -DDIR=... [-DLANG=id] -P golden.cmake
if(NOT FILE)
  set(FILE ${CASE}.policy)
endif()
if(LANG STREQUAL "id")
  set(command ${CMAKE_COMMAND} -E env JARING_I18N_STRICT=1 ${JARING} check --lang id ${FILE})
  set(expected_file ${DIR}/${CASE}.id.diag)
else()
  set(command ${JARING} check ${FILE})
  set(expected_file ${DIR}/${CASE}.diag)
endif()
execute_process(
  COMMAND ${command}
  WORKING_DIRECTORY ${DIR}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
set(actual "exit: ${status}\n${out}${err}")
if(actual MATCHES "\\[UNTRANSLATED: ")
  message(FATAL_ERROR "${CASE}: a message has no Indonesian translation (engine/base/messages_id_*.cpp)\n${actual}")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/pinned_output.cmake)
pinned_output(${expected_file} "${actual}" diagnostics golden)
