# What `cmake --install build --prefix P` puts under P (README "Install and embed"):
#   bin/jaring
#   libexec/jaring/jaring-serve         the server, which `jaring serve` runs (engine/cli/serve_command.cpp)
#   include/jaring/jaring.hpp            the public C++ API, self-contained (pimpl)
#   lib/libjaring.a, lib/libjaring_*.a   that API and the engine stages it links (static)
#   lib/cmake/Jaring/                    find_package(Jaring) → Jaring::engine
#   lib/pkgconfig/jaring.pc              pkg-config --cflags --libs jaring
#   share/jaring/rules/                  the rule packs, where `use` looks last
#   lib/python3/dist-packages/jaring/    the Python package (python/), when it is built
# Each file belongs to a component, which cmake/package.cmake makes a Debian package: `runtime`
# (jaring: the program, rule packs, man pages, completion, service), `dev` (jaring-dev: what
# an embedding program builds against) and `python` (python3-jaring: the Python package).
include(CMakePackageConfigHelpers)

install(TARGETS jaring RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(TARGETS jaring-serve RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/jaring COMPONENT runtime)

# The API library and the stages under it. Their headers are not installed: only the API's.
set(jaring_engine_libs jaring_api jaring_io jaring_runtime jaring_language jaring_base)
install(TARGETS ${jaring_engine_libs} EXPORT JaringTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/jaring/jaring.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/jaring
        COMPONENT dev)

set(jaring_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Jaring)
install(EXPORT JaringTargets NAMESPACE Jaring:: DESTINATION ${jaring_cmake_dir} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/JaringConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/JaringConfig.cmake INSTALL_DESTINATION ${jaring_cmake_dir}
                              PATH_VARS CMAKE_INSTALL_DATADIR)
# 0.x: a minor version may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/JaringConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/JaringConfig.cmake ${PROJECT_BINARY_DIR}/JaringConfigVersion.cmake
        DESTINATION ${jaring_cmake_dir} COMPONENT dev)

# pkg-config: the static libraries in link order, then what they need.
# The prefix is found from the .pc file's own folder, so the install tree can move.
file(RELATIVE_PATH jaring_pc_to_prefix ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" jaring_pc_to_prefix "${jaring_pc_to_prefix}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/jaring.pc.in ${PROJECT_BINARY_DIR}/jaring.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jaring.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# The rule packs, found by `use` after -I and JARING_PATH (engine/base/install_dirs.hpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jaring/rules
        COMPONENT runtime FILES_MATCHING PATTERN "*.policy" PATTERN "*.policy.md")

# The Python package: where Debian's python3 finds it for a /usr install (JARING_PYTHON_INSTALL_DIR,
# python/CMakeLists.txt); it finds share/jaring/rules from its own place.
if(TARGET jaring_py)
  install(TARGETS jaring_py LIBRARY DESTINATION ${JARING_PYTHON_INSTALL_DIR}/jaring COMPONENT python)
  install(FILES ${JARING_PYTHON_SOURCES} DESTINATION ${JARING_PYTHON_INSTALL_DIR}/jaring COMPONENT python)
endif()

# bash completion (reads the flags from `jaring --help`) and the systemd unit of `jaring serve`.
install(FILES ${PROJECT_SOURCE_DIR}/cmake/extras/jaring.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME jaring COMPONENT runtime)
configure_file(${PROJECT_SOURCE_DIR}/cmake/extras/jaring.service.in ${PROJECT_BINARY_DIR}/jaring.service @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jaring.service DESTINATION lib/systemd/system COMPONENT runtime)

# Man pages from the usage text, when help2man is there (Debian package help2man, setup.sh):
# jaring(1) and jaring-COMMAND(1) for each command, compressed as Debian installs man pages.
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(jaring_man_pages "")
  foreach(cmd "" check dump doc fmt lsp eval new test diff project serve synth bench)
    set(page ${PROJECT_BINARY_DIR}/man/jaring.1.gz)
    if(cmd)
      set(page ${PROJECT_BINARY_DIR}/man/jaring-${cmd}.1.gz)
    endif()
    add_custom_command(OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -DJARING=$<TARGET_FILE:jaring> -DCMD=${cmd} -DOUT=${page} -DVERSION=${PROJECT_VERSION}
              -DHELP2MAN=${HELP2MAN} -P ${PROJECT_SOURCE_DIR}/cmake/man.cmake
      DEPENDS jaring ${PROJECT_SOURCE_DIR}/cmake/man.cmake
      COMMENT "man page ${page}")
    list(APPEND jaring_man_pages ${page})
  endforeach()
  add_custom_target(jaring_man ALL DEPENDS ${jaring_man_pages})
  install(FILES ${jaring_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
endif()
