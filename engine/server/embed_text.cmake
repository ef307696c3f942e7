# cmake -DIN=file -DOUT=file.cpp -DNAMESPACE=ns -DFUNCTION=name -P embed_text.cmake
# Writes a C++ file whose function `NAMESPACE::FUNCTION()` returns the bytes of IN as a
# std::string_view (bytes as numbers, so any content is safe).
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_length)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
math(EXPR size "${hex_length} / 2")
file(WRITE "${OUT}.tmp"
  "// Generated from ${IN} by embed_text.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "namespace { constexpr char bytes[] = {${bytes} 0}; }\n"
  "std::string_view ${FUNCTION}() { return std::string_view(bytes, ${size}); }\n"
  "}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
