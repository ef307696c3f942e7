#include "engine/cli/read_flags.hpp"

#include <iostream>

#include "engine/base/i18n.hpp"

namespace jaring::cli {

CLI::Option* add_delimiter_option(CLI::App* cmd, const std::string& name, char& delimiter, const std::string& help) {
  // By name (a `;` unquoted ends a shell command) or as the character itself.
  return cmd
      ->add_option_function<std::string>(
          name, [&delimiter](const std::string& d) { delimiter = csv_delimiter_named(d).value_or(','); }, help)
      ->check(CLI::Validator(
          [](std::string& d) -> std::string {
            if (csv_delimiter_named(d)) return {};
            return not_a_delimiter(d);
          },
          "DELIMITER"));
}

void add_read_flags(CLI::App* cmd, ReadOptions& options) {
  constexpr std::size_t most = std::size_t{1} << 30;
  cmd->add_option("--ignore-field", options.ignore_fields,
                  "Read past this CSV column or JSON key, which the policy's record does not have (repeat for "
                  "several); without it an unknown column or key stops the run")
      ->allow_extra_args(false);  // one name each time, every time kept (expected(1) refused a second)
  cmd->add_option("--max-field-bytes", options.max_field_bytes,
                  "Reject a field longer than this many bytes (default 65536)")
      ->check(CLI::Range(std::size_t{1}, most));
  add_delimiter_option(cmd, "--delimiter", options.delimiter,
                       "Character between a CSV file's cells: comma (the default), semicolon (a spreadsheet set to "
                       "Indonesian saves CSV so), tab or pipe; or the character itself");
  cmd->add_option_function<std::string>(
         "--date-format",
         [&options](const std::string& name) { options.date_format = date_format_named(name).value_or(DateFormat{}); },
         "Also read dates written so, as a spreadsheet writes them: DD/MM/YYYY (set to Indonesian), DD-MM-YYYY, "
         "DD.MM.YYYY or MM/DD/YYYY (a day or month of one digit too); YYYY-MM-DD is always read")
      ->check(CLI::Validator(
          [](std::string& name) -> std::string {
            if (date_format_named(name)) return {};
            return not_a_date_format(name);
          },
          "FORMAT"));
  cmd->add_option("--max-record-bytes", options.max_record_bytes,
                  "Reject a row longer than this many bytes; a quoted field may not run on past it (default 1048576)")
      ->check(CLI::Range(std::size_t{1}, most));
}

int refuse_delimiter(const ReadOptions& options, InputFormat format, const std::string& path) {
  if (options.delimiter == ',' || format == InputFormat::Csv) return 0;
  std::cerr << say(
      "jaring: --delimiter separates the cells of a CSV file, but `{}` is read as {}; leave the flag out, "
      "or give --input-format csv\n",
      path, format_shown(format));
  return 2;
}

}  // namespace jaring::cli
