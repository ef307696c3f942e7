// Deciding with Jaring from C++ (README "Install and embed"):
//   embed_example POLICY AS_OF RECORD_JSON [--date-format F]  one record: its decision JSON
//   embed_example POLICY AS_OF --fields NAME=TEXT...         one record given field by field
//   embed_example POLICY AS_OF --records IN --out OUT  a population, decisions to OUT
//     [--delimiter D] [--out-delimiter D] [--ignore-field NAME]... [--date-format F]
//                                                     as `jaring eval` takes them
#include <jaring/jaring.hpp>

#include <cstring>
#include <iostream>
#include <map>
#include <string>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: embed_example POLICY AS_OF (RECORD_JSON | --fields NAME=TEXT... | --records IN --out OUT)\n";
    return 2;
  }
  try {
    jaring::api::OpenOptions options;
#ifdef JARING_RULES_DIR
    options.search_paths.push_back(JARING_RULES_DIR);  // `use national/bpjstk` from anywhere
#endif
    const auto policy = jaring::api::Policy::open(argv[1], options);
    std::cerr << policy.warnings();
    const std::string as_of = argv[2];
    if (std::strcmp(argv[3], "--records") == 0 && argc >= 7 && argc % 2 == 1 && std::strcmp(argv[5], "--out") == 0) {
      jaring::api::PopulationOptions population;
      for (int i = 7; i < argc; i += 2) {  // as `jaring eval` takes them
        if (std::strcmp(argv[i], "--delimiter") == 0) population.delimiter = argv[i + 1];
        else if (std::strcmp(argv[i], "--out-delimiter") == 0) population.out_delimiter = argv[i + 1];
        else if (std::strcmp(argv[i], "--ignore-field") == 0) population.ignore_fields.emplace_back(argv[i + 1]);
        else if (std::strcmp(argv[i], "--date-format") == 0) population.date_format = argv[i + 1];
        else {
          std::cerr << "unknown option " << argv[i] << "\n";
          return 2;
        }
      }
      const auto r = policy.decide_population(argv[4], as_of, argv[6], population);
      std::cerr << r.records << " records: " << r.eligible << " eligible, " << r.not_eligible << " not eligible, "
                << r.waitlisted << " waitlisted, " << r.rejected << " rejected\n";
      // Empty when the fast lane decided them; else why not (the same decisions, many times slower).
      if (!r.runtime_reason.empty())
        std::cerr << "decided by the generic runtime, because " << r.runtime_reason << "\n";
      return r.reconciles ? 0 : 1;
    }
    if (std::strcmp(argv[3], "--fields") == 0) {
      std::map<std::string, std::string> fields;
      for (int i = 4; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto eq = arg.find('=');
        if (eq == std::string::npos) {
          std::cerr << "embed_example: `" << argv[i] << "` is not NAME=TEXT\n";
          return 2;
        }
        fields.emplace(arg.substr(0, eq), arg.substr(eq + 1));
      }
      std::cout << policy.decide(fields, as_of) << "\n";
      return 0;
    }
    jaring::api::DecideOptions one;
    if (argc == 6 && std::strcmp(argv[4], "--date-format") == 0) {
      one.date_format = argv[5];  // a spreadsheet's dates, as `jaring eval --record … --date-format`
    } else if (argc != 4) {
      std::cerr << "embed_example: after the record, only --date-format F\n";
      return 2;
    }
    std::cout << policy.decide(std::string(argv[3]), as_of, one) << "\n";
    return 0;
  } catch (const jaring::api::PolicyError& e) {
    std::cerr << e.what();
    return 1;
  } catch (const std::exception& e) {  // InputError, OutputError
    std::cerr << "embed_example: " << e.what() << "\n";
    return 2;
  }
}
