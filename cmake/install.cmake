# What `cmake --install build --prefix P` puts under P (README "Install and embed"):
#   bin/jaring
#   include/jaring/jaring.hpp            the public C++ API, self-contained (pimpl)
#   lib/libjaring.a, lib/libjaring_*.a   that API and the engine stages it links (static)
#   lib/cmake/Jaring/                    find_package(Jaring) → Jaring::engine
#   lib/pkgconfig/jaring.pc              pkg-config --cflags --libs jaring
#   share/jaring/rules/                  the rule packs, where `use` looks last
include(CMakePackageConfigHelpers)

install(TARGETS jaring RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The API library and the stages under it. Their headers are not installed: only the API's.
set(jaring_engine_libs jaring_api jaring_io jaring_runtime jaring_language jaring_base)
install(TARGETS ${jaring_engine_libs} EXPORT JaringTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/jaring/jaring.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/jaring)

set(jaring_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Jaring)
install(EXPORT JaringTargets NAMESPACE Jaring:: DESTINATION ${jaring_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/JaringConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/JaringConfig.cmake INSTALL_DESTINATION ${jaring_cmake_dir}
                              PATH_VARS CMAKE_INSTALL_DATADIR)
# 0.x: a minor version may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/JaringConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/JaringConfig.cmake ${PROJECT_BINARY_DIR}/JaringConfigVersion.cmake
        DESTINATION ${jaring_cmake_dir})

# pkg-config: the static libraries in link order, then what they need.
# The prefix is found from the .pc file's own folder, so the install tree can move.
file(RELATIVE_PATH jaring_pc_to_prefix ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" jaring_pc_to_prefix "${jaring_pc_to_prefix}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/jaring.pc.in ${PROJECT_BINARY_DIR}/jaring.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jaring.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The rule packs, found by `use` after -I and JARING_PATH (engine/base/install_dirs.hpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/jaring/rules
        FILES_MATCHING PATTERN "*.policy")

