#include "engine/server/response_head.hpp"

#include <boost/beast/http/status.hpp>
#include <charconv>

#include "engine/server/http_message.hpp"

namespace jaring::server {

namespace http = boost::beast::http;

void ResponseHead::set(http::field name, std::string_view value) {
  const auto text = http::to_string(name);
  set(std::string_view(text.data(), text.size()), value);
}

void ResponseHead::set(std::string_view name, std::string_view value) {
  std::erase_if(fields_, [&](const auto& f) { return iequals(f.first, name); });
  fields_.emplace_back(name, value);
}

void ResponseHead::keep_alive(bool keep) {
  if (!keep) set(http::field::connection, "close");
}

void ResponseHead::clear() {
  status_ = 200;
  fields_.clear();
}

void ResponseHead::write(std::uint64_t content_length, std::string& out) const {
  char digits[24];
  const auto reason = http::obsolete_reason(static_cast<http::status>(status_));
  out += "HTTP/1.1 ";
  out += static_cast<char>('0' + status_ / 100 % 10);
  out += static_cast<char>('0' + status_ / 10 % 10);
  out += static_cast<char>('0' + status_ % 10);
  out += ' ';
  out.append(reason.data(), reason.size());
  out += "\r\n";
  for (const auto& [name, value] : fields_) {
    if (iequals(name, "Content-Length")) continue;  // set last, below
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  const auto end = std::to_chars(digits, digits + sizeof digits, content_length).ptr;
  out += "Content-Length: ";
  out.append(digits, end);
  out += "\r\n\r\n";
}

}  // namespace jaring::server
