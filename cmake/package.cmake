# `cpack -G DEB` in a build folder (after `cmake --build`): Debian packages of what
# cmake/install.cmake installs, one per component, under /usr (README "Install and embed"):
#   jaring       the program, the rule packs, man pages, bash completion, the systemd unit
#   jaring-dev   the C++ API: header, static libraries, CMake package, pkg-config file
#   python3-jaring  `import jaring` (when the module is built: cmake/python.cmake)
# The shared libraries the program links (fmt, nettle, libssl for the server, the C++ runtime) become `Depends` by
# dpkg-shlibdeps; jaring-dev's are the -dev packages its CMake package finds.
set(CPACK_PACKAGE_NAME jaring)
set(CPACK_PACKAGE_VENDOR "Jaring")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "BPJS Ketenagakerjaan coverage decisions from .policy rules")
set(CPACK_PACKAGE_DESCRIPTION
    "Jaring decides who a region's regulation covers for BPJS Ketenagakerjaan (JKK, JKM, JHT, JP, JKP), who pays what from when, within quotas and budgets, and explains every decision with the articles it applied. Policies are written in a small language, in English or Indonesian keywords.")
set(CPACK_PACKAGE_CONTACT "Jaring maintainers <jaring@localhost>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_GENERATOR DEB)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
if(TARGET jaring_py)
  list(APPEND CPACK_COMPONENTS_ALL python)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # jaring_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME jaring)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "systemd")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME jaring-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "jaring (= ${PROJECT_VERSION}), libfmt-dev (>= 9), nlohmann-json3-dev (>= 3.11), nettle-dev (>= 3.7)")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "The engine as a C++ library: the public API <jaring/jaring.hpp> (open a policy, decide a record, decide a population), the static libraries, the CMake package (find_package(Jaring) gives Jaring::engine) and pkg-config jaring.")

# The module is built for one Python (Debian 12: 3.11), whose version its file name carries.
if(TARGET jaring_py)
  execute_process(COMMAND ${PYTHON_EXECUTABLE} -c "import sys; print('%d.%d' % sys.version_info[:2])"
                  OUTPUT_VARIABLE jaring_python_version OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^([0-9]+)\\.([0-9]+)$" "\\1.\\2" jaring_python_version "${jaring_python_version}")
  math(EXPR jaring_python_next "${CMAKE_MATCH_2} + 1")
  set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME python3-jaring)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_SECTION python)
  set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS
      "jaring (= ${PROJECT_VERSION}), python3 (>= ${jaring_python_version}), python3 (<< ${CMAKE_MATCH_1}.${jaring_python_next})")
  set(CPACK_DEBIAN_PYTHON_PACKAGE_RECOMMENDS "python3-pandas")
  set(CPACK_COMPONENT_PYTHON_DESCRIPTION
      "The engine as a Python module: import jaring; open a policy, decide a record (dict) or a population (list of dicts, CSV path or pandas DataFrame) exactly as jaring eval does.")
endif()

include(CPack)
