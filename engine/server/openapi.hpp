// The OpenAPI 3 document of the HTTP API: engine/server/openapi.json, embedded in the binary
// at build time (embed_text.cmake) and served as is on GET /openapi.json.
#pragma once

#include <string_view>

namespace jaring::server {

std::string_view openapi_document();

}  // namespace jaring::server
