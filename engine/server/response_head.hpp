// A response's head (status line and fields) in the bytes Beast's serializer writes, for
// responses whose body is a string: Beast's serializer cost a single decision about 12.700
// of its 94.000 instructions (callgrind); this is a few hundred. The same calls as on an
// http::response fill it (version, result, set, keep_alive), so one function fills either.
#pragma once

#include <boost/beast/http/field.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jaring::server {

class ResponseHead {
 public:
  void version(unsigned) {}
  void result(unsigned status) { status_ = status; }
  // As basic_fields::set: any field of the name (in any case) is removed, the new one goes last.
  // The views are read by write(): what they view must live until then.
  void set(boost::beast::http::field name, std::string_view value);
  void set(std::string_view name, std::string_view value);
  // As header::keep_alive on HTTP/1.1 without a Connection field: `Connection: close`, or nothing.
  void keep_alive(bool keep);
  void clear();

  // Appends the status line, the fields, `Content-Length` (last, as prepare_payload sets it)
  // and the empty line to `out`.
  void write(std::uint64_t content_length, std::string& out) const;

 private:
  unsigned status_ = 200;
  std::vector<std::pair<std::string_view, std::string_view>> fields_;
};

}  // namespace jaring::server
