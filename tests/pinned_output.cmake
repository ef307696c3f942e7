# pinned_output(EXPECTED_FILE ACTUAL WHAT REFRESH): compares ACTUAL with the pinned text in
# EXPECTED_FILE, or rewrites that file when JARING_UPDATE_GOLDEN is set in the environment.
# WHAT names the output in the failure message; REFRESH is the ctest -R pattern to refresh it.
# Included by golden.cmake and rejects_id.cmake.
function(pinned_output expected_file actual what refresh)
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
    message(FATAL_ERROR "${what} differ from ${expected_file} (refresh with JARING_UPDATE_GOLDEN=1 ctest -R ${refresh})\n--- expected ---\n${expected}--- actual ---\n${actual}--- end ---")
  endif()
endfunction()
