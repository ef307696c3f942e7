# Runs one scenario of examples/eval/<name>/ in Indonesian (`--lang id`, JARING_I18N_STRICT=1)
# and compares its rejects with the pinned examples/eval/<name>/expected/rejects.id.csv; any
# untranslated message (in the rejects, the decisions or on the terminal) fails it, even when
# refreshing. With JARING_UPDATE_GOLDEN=1 the expected file is rewritten instead.
#
# Called as: cmake -DJARING=... -DROOT=... -DNAME=... -DOUT=... -P rejects_id.cmake
set(rel examples/eval/${NAME})
set(dir ${ROOT}/${rel})
file(STRINGS ${dir}/args arg_lines REGEX "^[^#]")
string(JOIN " " arg_text ${arg_lines})
separate_arguments(args UNIX_COMMAND "${arg_text}")
file(GLOB records RELATIVE ${dir} ${dir}/records.*)
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(cmd ${CMAKE_COMMAND} -E env JARING_I18N_STRICT=1 ${JARING} eval ${rel}/policy.policy -I rules ${args} --lang id
        --records ${rel}/${records} --out ${OUT}/decisions.jsonl --rejects ${OUT}/rejects.csv)
execute_process(COMMAND ${cmd} WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "scenario ${NAME} in Indonesian: expected exit 0, got ${status}\n${out}${err}")
endif()
file(READ ${OUT}/rejects.csv actual)
file(READ ${OUT}/decisions.jsonl decisions)
if("${actual}${decisions}${out}${err}" MATCHES "\\[UNTRANSLATED: ")
  message(FATAL_ERROR "scenario ${NAME}: a message has no Indonesian translation (engine/base/messages_id_*.cpp)\n${actual}${out}${err}")
endif()
set(expected_file ${dir}/expected/rejects.id.csv)
include(${CMAKE_CURRENT_LIST_DIR}/pinned_output.cmake)
pinned_output(${expected_file} "${actual}" rejects rejects_id)
