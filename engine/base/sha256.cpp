#include "engine/base/sha256.hpp"

// OpenSSL's SHA-256 functions themselves rather than EVP_Digest: the first EVP digest of a
// process initialises OpenSSL's providers and name maps, 5,3 of the 24,7 million instructions
// every command spent starting (callgrind, `jaring eval` of one record), for one hash of a few
// kilobytes. These functions are deprecated in OpenSSL 3 in favour of EVP, but stay in the 3.x
// series with the same digest (tests/unit: the FIPS 180-4 vectors).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "engine/base/internal_error.hpp"

namespace jaring {

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx;
  if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, data.data(), data.size()) != 1 || SHA256_Final(digest, &ctx) != 1)
    throw InternalError("OpenSSL could not compute a SHA-256 digest");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{2} * SHA256_DIGEST_LENGTH);
  for (const unsigned char byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 0x0f];
  }
  return out;
}

}  // namespace jaring
