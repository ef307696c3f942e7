# Runs one scenario of examples/eval/<name>/ and compares its outputs byte for byte with the
# pinned ones in examples/eval/<name>/expected/: decisions.jsonl, summary.json, rejects.csv.
#
#   jaring eval <dir>/policy.policy -I rules <args> --records <dir>/records.<ext>
#         --out OUT/decisions.jsonl --summary OUT/summary.json --rejects OUT/rejects.csv
#
# run from the repository root (ROOT). `<dir>/args` holds the as-of date and any extra flags on
# one line (e.g. `--as-of 2024-08-01 --threads 2`); `#` lines are comments. The command must
# exit 0. With an optional `<dir>/same_as` naming another scenario, this scenario's policy and
# expected outputs must also be byte-identical to that one's (the same population in another
# format). With JARING_UPDATE_GOLDEN=1 in the environment the expected files are rewritten
# from the produced ones instead.
#
# Called as: cmake -DJARING=... -DROOT=... -DNAME=... -DOUT=... -P scenario.cmake
set(rel examples/eval/${NAME})
set(dir ${ROOT}/${rel})
set(outputs decisions.jsonl summary.json rejects.csv)

if(NOT EXISTS ${dir}/args)
  message(FATAL_ERROR "missing ${dir}/args (one line: --as-of YYYY-MM-DD [flags])")
endif()
file(STRINGS ${dir}/args arg_lines REGEX "^[^#]")
string(JOIN " " arg_text ${arg_lines})
separate_arguments(args UNIX_COMMAND "${arg_text}")

file(GLOB records RELATIVE ${dir} ${dir}/records.*)
list(LENGTH records n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "${dir} must hold exactly one records.* file, found: ${records}")
endif()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(cmd ${JARING} eval ${rel}/policy.policy -I rules ${args} --records ${rel}/${records}
        --out ${OUT}/decisions.jsonl --summary ${OUT}/summary.json --rejects ${OUT}/rejects.csv)
execute_process(COMMAND ${cmd} WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(JOIN " " shown_cmd ${cmd})
if(NOT status EQUAL 0)
  message(FATAL_ERROR "scenario ${NAME}: expected exit 0, got ${status}\n$ ${shown_cmd}\n${out}${err}")
endif()

if(DEFINED ENV{JARING_UPDATE_GOLDEN})
  file(MAKE_DIRECTORY ${dir}/expected)
  foreach(f ${outputs})
    execute_process(COMMAND ${CMAKE_COMMAND} -E copy ${OUT}/${f} ${dir}/expected/${f})
    message(STATUS "updated ${dir}/expected/${f}")
  endforeach()
  return()
endif()

set(failures "")
foreach(f ${outputs})
  set(expected_file ${dir}/expected/${f})
  if(NOT EXISTS ${expected_file})
    string(APPEND failures "missing ${expected_file}; create it with JARING_UPDATE_GOLDEN=1\n")
    continue()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${expected_file} ${OUT}/${f} RESULT_VARIABLE differ)
  if(differ)
    file(READ ${expected_file} expected)
    file(READ ${OUT}/${f} actual)
    message(NOTICE "=== ${f} differs from ${rel}/expected/${f}\n--- expected ---\n${expected}\n--- actual (${OUT}/${f}) ---\n${actual}\n--- end ---")
    find_program(diff_tool diff)
    if(diff_tool)
      execute_process(COMMAND ${diff_tool} -u ${expected_file} ${OUT}/${f} OUTPUT_VARIABLE delta)
      message(NOTICE "--- diff -u expected actual ---\n${delta}")
    endif()
    string(APPEND failures "${f} differs from ${rel}/expected/${f} (printed above)\n")
  endif()
endforeach()

if(EXISTS ${dir}/same_as)
  file(STRINGS ${dir}/same_as other LIMIT_COUNT 1)
  string(STRIP "${other}" other)
  foreach(f policy.policy expected/decisions.jsonl expected/summary.json expected/rejects.csv)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${ROOT}/examples/eval/${other}/${f} ${dir}/${f}
                    RESULT_VARIABLE differ)
    if(differ)
      string(APPEND failures "${rel}/${f} differs from examples/eval/${other}/${f} (same_as ${other})\n")
    endif()
  endforeach()
endif()

if(failures)
  message(FATAL_ERROR "scenario ${NAME} (refresh with JARING_UPDATE_GOLDEN=1 ctest -R scenario and review the diff)\n$ ${shown_cmd}\n${failures}")
endif()
