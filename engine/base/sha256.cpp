#include "engine/base/sha256.hpp"

// Nettle's SHA-256 (Debian's libnettle8, nettle-dev). Not OpenSSL's: libcrypto is a 4,5 MB
// library whose loading and relocation cost every command about 3,4 ms and 170 page faults
// before main (a program printing one line: 2,5 ms linked without it, 5,9 ms with it; with
// libnettle 2,6 ms), for one hash of a few kilobytes per policy. Only the server (TLS) links
// OpenSSL, and it runs as its own program (engine/cli/serve_main.cpp).
#include <nettle/sha2.h>

#include <cstdint>

namespace jaring {

std::string sha256_hex(std::string_view data) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, data.size(), reinterpret_cast<const std::uint8_t*>(data.data()));
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{2} * SHA256_DIGEST_SIZE);
  for (const std::uint8_t byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 0x0f];
  }
  return out;
}

}  // namespace jaring
