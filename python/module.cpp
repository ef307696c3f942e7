// `jaring._jaring`: the compiled core of the Python package `jaring` (python/jaring/), the public
// C++ API (include/jaring/jaring.hpp) and nothing else, so that Python decides exactly as
// `jaring eval` does. Records and decisions cross as JSON text and files; turning dicts and
// DataFrames into them is the package's Python side (python/jaring/_records.py).
//
// The GIL is released while a policy opens and while records are decided: other Python threads
// run meanwhile, and a Policy may decide on several threads at once (it is immutable).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "jaring/jaring.hpp"

#ifndef JARING_RULES_FROM_MODULE
#define JARING_RULES_FROM_MODULE ""
#endif

namespace py = pybind11;
using jaring::api::Policy;

namespace {

Policy open_policy(const std::string& path, std::vector<std::string> include, const std::string& installed_rules_dir,
                   bool installed_rules) {
  jaring::api::OpenOptions options;
  options.search_paths = std::move(include);
  options.installed_rules = installed_rules;
  options.installed_rules_dir = installed_rules_dir;
  const py::gil_scoped_release unlocked;
  return Policy::open(path, options);
}

py::dict decide_population(const Policy& policy, const std::string& records_path, const std::string& as_of,
                           const std::string& out_path, const std::string& input_format, unsigned threads,
                           const std::string& delimiter, std::vector<std::string> ignore_fields,
                           const std::string& date_format) {
  jaring::api::PopulationOptions options;
  options.input_format = input_format;
  options.threads = threads;
  options.delimiter = delimiter;
  options.ignore_fields = std::move(ignore_fields);
  options.date_format = date_format;
  jaring::api::PopulationResult r;
  {
    const py::gil_scoped_release unlocked;
    r = policy.decide_population(records_path, as_of, out_path, options);
  }
  py::dict counts;
  counts["records"] = r.records;
  counts["eligible"] = r.eligible;
  counts["not_eligible"] = r.not_eligible;
  counts["waitlisted"] = r.waitlisted;
  counts["rejected"] = r.rejected;
  counts["reconciles"] = r.reconciles;
  counts["runtime_reason"] = r.runtime_reason;
  return counts;
}

}  // namespace

PYBIND11_MODULE(_jaring, m) {
  m.doc() = "The compiled core of the package `jaring`; use `jaring` itself (help(jaring)).";
  m.def("version", &jaring::api::version, "The engine's version, e.g. '0.1.0'.");
  // From the installed module's folder to the installed rule packs (cmake/install.cmake).
  m.attr("RULES_FROM_MODULE") = JARING_RULES_FROM_MODULE;

  // The engine's exceptions, with its message: a policy that did not open and input that cannot
  // be decided are bad values given to a call; an output that cannot be written is the system's.
  py::register_exception<jaring::api::PolicyError>(m, "PolicyError", PyExc_ValueError);
  py::register_exception<jaring::api::InputError>(m, "InputError", PyExc_ValueError);
  py::register_exception<jaring::api::OutputError>(m, "OutputError", PyExc_OSError);

  py::class_<Policy>(m, "Policy")
      .def(py::init(&open_policy), py::arg("path"), py::arg("include"), py::arg("installed_rules_dir"),
           py::arg("installed_rules"))
      .def_property_readonly("hash", &Policy::hash)
      .def_property_readonly("warnings", &Policy::warnings)
      .def(
          "decide_json",
          [](const Policy& policy, const std::string& record_json, const std::string& as_of,
             const std::string& date_format, std::vector<std::string> ignore_fields) {
            jaring::api::DecideOptions options;
            options.date_format = date_format;
            options.ignore_fields = std::move(ignore_fields);
            return policy.decide(record_json, as_of, options);
          },
          py::arg("record_json"), py::arg("as_of"), py::arg("date_format") = "",
          py::arg("ignore_fields") = std::vector<std::string>{}, py::call_guard<py::gil_scoped_release>())
      .def("decide_population", &decide_population, py::arg("records_path"), py::arg("as_of"), py::arg("out_path"),
           py::arg("input_format"), py::arg("threads"), py::arg("delimiter") = "",
           py::arg("ignore_fields") = std::vector<std::string>{}, py::arg("date_format") = "");
}
