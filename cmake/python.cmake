# Whether the Python module (python/, README "Install and embed") is built: by default when
# Debian's pybind11 (pybind11-dev) and the Python headers (python3-dev) are there, not in a
# sanitizer or fuzzing build (a plain python3 cannot load an instrumented module without the
# sanitizer runtime preloaded). Sets JARING_BUILD_PYTHON.
#
# The Python it is built for and tested with is PYTHON_EXECUTABLE (pybind11's variable), by
# default Debian's /usr/bin/python3: the module is installed to lib/python3/dist-packages, the
# folder that Python reads (a pyenv or virtualenv python3 first on PATH reads its own).
option(JARING_PYTHON_MODULE "Build the Python module when pybind11 and the Python headers are found" ON)
set(JARING_BUILD_PYTHON OFF)
if(NOT JARING_PYTHON_MODULE OR JARING_SANITIZE OR JARING_FUZZ)
  return()
endif()
if(NOT DEFINED PYTHON_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(PYTHON_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "The Python the module is built for and tested with")
endif()
find_package(pybind11 2.6 CONFIG QUIET)
if(NOT pybind11_FOUND)
  message(STATUS "pybind11 not found (Debian package pybind11-dev, setup.sh): no Python module")
  return()
endif()
# pybind11 requires the headers it finds and stops the configuration without them: look first.
execute_process(COMMAND ${PYTHON_EXECUTABLE} -c "import sysconfig; print(sysconfig.get_path('include'))"
                OUTPUT_VARIABLE jaring_python_include OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT EXISTS "${jaring_python_include}/Python.h")
  message(STATUS "no Python headers for ${PYTHON_EXECUTABLE} (Debian package python3-dev, setup.sh): no Python module")
  return()
endif()
set(JARING_BUILD_PYTHON ON)
# The module is a shared object: the engine's static libraries it links must be
# position-independent (-fPIC; Debian's g++ makes -fPIE by default, for executables only).
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
