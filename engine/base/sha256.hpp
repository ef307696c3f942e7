// SHA-256 (FIPS 180-4) of a byte string, as lowercase hex, computed by Nettle. Used for policy
// content hashes.
#pragma once

#include <string>
#include <string_view>

namespace jaring {

std::string sha256_hex(std::string_view data);

}  // namespace jaring
