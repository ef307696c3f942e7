# Writes the man page of `jaring` (CMD empty) or of `jaring CMD` with help2man, from the usage
# text the executable prints (`cmake -DJARING=... -DCMD=... -DOUT=... -DVERSION=... -DHELP2MAN=...
# -P man.cmake`, run by cmake/install.cmake at build time). OUT ends in .gz: the page is written
# beside it, then compressed (gzip -n: no name or time stamp, so the same page gives the same bytes).
# The output folder first: Ninja makes it for a custom command's output, Make does not.
get_filename_component(dir ${OUT} DIRECTORY)
string(REGEX REPLACE "\\.gz$" "" page ${OUT})
file(MAKE_DIRECTORY ${dir})
if(CMD STREQUAL "")
  set(program ${JARING})
  set(name "decide BPJS Ketenagakerjaan coverage with .policy rules")
else()
  # help2man runs a program: a wrapper named `jaring-CMD` that runs `jaring CMD`.
  set(program ${dir}/wrappers/jaring-${CMD})
  file(WRITE ${program} "#!/bin/sh\nexec \"${JARING}\" ${CMD} \"$@\"\n")
  file(CHMOD ${program} PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  # The description `jaring --help` gives the command.
  execute_process(COMMAND ${JARING} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
  set(name "jaring ${CMD}")
  string(REGEX MATCH "\n  ${CMD}  +([^\n]+)" _ "${help}")
  if(CMAKE_MATCH_1)
    string(STRIP "${CMAKE_MATCH_1}" name)
  endif()
endif()
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${VERSION} "--name=${name}"
                        --section=1 --output=${page} ${program}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed for `jaring ${CMD}`")
endif()
execute_process(COMMAND gzip -n -9 -f ${page} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed for ${page}")
endif()
