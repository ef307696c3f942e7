# Checks that every C++ file of the project is formatted by .clang-format (clang-format 14).
file(GLOB_RECURSE files ${ROOT}/engine/*.cpp ${ROOT}/engine/*.hpp ${ROOT}/grammar/*.hpp ${ROOT}/tests/*.cpp
     ${ROOT}/tests/*.hpp ${ROOT}/examples/*.cpp ${ROOT}/include/*.hpp ${ROOT}/python/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "not formatted (run clang-format -i on these files):\n${err}")
endif()
list(LENGTH files n)
message(STATUS "${n} files formatted")
