# Runs one scenario of examples/eval/<name>/ at --threads 1 and 2 and compares each run's outputs
# byte for byte with the pinned ones in examples/eval/<name>/expected/: decisions.jsonl,
# summary.json, rejects.csv; tests/eval_input/account_rows.py checks each run row by row.
#
#   jaring eval <dir>/policy.policy -I rules <args> --threads T --records <dir>/records.<ext>
#         --out OUT/tT/decisions.jsonl --summary OUT/tT/summary.json --rejects OUT/tT/rejects.csv
#
# run from the repository root (ROOT). `<dir>/args` holds the as-of date and any extra flags on
# one line (e.g. `--as-of 2024-08-01 --max-field-bytes 40`); `#` lines are comments. The command must
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

# Every scenario runs at 1 and at 2 threads (a `--threads N` in args is replaced), and both runs
# must give the pinned outputs; each run's rows are accounted for one by one (account_rows.py).
list(FIND args --threads at)
if(NOT at EQUAL -1)
  math(EXPR value "${at} + 1")
  list(REMOVE_AT args ${at} ${value})
endif()
find_program(python python3 REQUIRED)
file(REMOVE_RECURSE ${OUT})
foreach(threads 2 1)
  file(MAKE_DIRECTORY ${OUT}/t${threads})
  set(cmd ${JARING} eval ${rel}/policy.policy -I rules ${args} --threads ${threads} --records ${rel}/${records}
          --out ${OUT}/t${threads}/decisions.jsonl --summary ${OUT}/t${threads}/summary.json
          --rejects ${OUT}/t${threads}/rejects.csv)
  execute_process(COMMAND ${cmd} WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(JOIN " " shown_cmd ${cmd})
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "scenario ${NAME}: expected exit 0, got ${status}\n$ ${shown_cmd}\n${out}${err}")
  endif()
  execute_process(COMMAND ${python} ${ROOT}/tests/eval_input/account_rows.py ${dir}/${records}
                          ${OUT}/t${threads}/decisions.jsonl ${OUT}/t${threads}/rejects.csv ${OUT}/t${threads}/summary.json
                  RESULT_VARIABLE accounted ERROR_VARIABLE why)
  if(NOT accounted EQUAL 0)
    message(FATAL_ERROR "scenario ${NAME} at --threads ${threads}: rows not accounted for\n$ ${shown_cmd}\n${why}")
  endif()
endforeach()

if(DEFINED ENV{JARING_UPDATE_GOLDEN})
  file(MAKE_DIRECTORY ${dir}/expected)
  foreach(f ${outputs})
    execute_process(COMMAND ${CMAKE_COMMAND} -E copy ${OUT}/t1/${f} ${dir}/expected/${f})
    message(STATUS "updated ${dir}/expected/${f}")
  endforeach()
  return()
endif()

set(failures "")
foreach(f t1/decisions.jsonl t1/summary.json t1/rejects.csv t2/decisions.jsonl t2/summary.json t2/rejects.csv)
  get_filename_component(name ${f} NAME)
  set(expected_file ${dir}/expected/${name})
  if(NOT EXISTS ${expected_file})
    string(APPEND failures "missing ${expected_file}; create it with JARING_UPDATE_GOLDEN=1\n")
    continue()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${expected_file} ${OUT}/${f} RESULT_VARIABLE differ)
  if(differ)
    file(READ ${expected_file} expected)
    file(READ ${OUT}/${f} actual)
    message(NOTICE "=== ${f} differs from ${rel}/expected/${name}\n--- expected ---\n${expected}\n--- actual (${OUT}/${f}) ---\n${actual}\n--- end ---")
    find_program(diff_tool diff)
    if(diff_tool)
      execute_process(COMMAND ${diff_tool} -u ${expected_file} ${OUT}/${f} OUTPUT_VARIABLE delta)
      message(NOTICE "--- diff -u expected actual ---\n${delta}")
    endif()
    string(APPEND failures "${f} differs from ${rel}/expected/${name} (printed above)\n")
  endif()
endforeach()

if(EXISTS ${dir}/same_as)
  file(STRINGS ${dir}/same_as other LIMIT_COUNT 1)
  string(STRIP "${other}" other)
  foreach(f policy.policy expected/decisions.jsonl expected/summary.json expected/rejects.csv)
    file(READ ${ROOT}/examples/eval/${other}/${f} theirs)
    file(READ ${dir}/${f} ours)
    # The line accounting of a summary depends on the input's format (a CSV header, JSON
    # Lines' blank lines); everything else must be the same.
    string(REGEX REPLACE "\n *\"lines\": {[^}]*}," "" theirs "${theirs}")
    string(REGEX REPLACE "\n *\"lines\": {[^}]*}," "" ours "${ours}")
    if(NOT theirs STREQUAL ours)
      string(APPEND failures "${rel}/${f} differs from examples/eval/${other}/${f} (same_as ${other})\n")
    endif()
  endforeach()
endif()

if(failures)
  message(FATAL_ERROR "scenario ${NAME} (refresh with JARING_UPDATE_GOLDEN=1 ctest -R scenario and review the diff)\n$ ${shown_cmd}\n${failures}")
endif()
