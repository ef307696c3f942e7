// Who may call the API and how often:
//   - bearer tokens (`--tokens FILE`): one client per line, `NAME TOKEN` (`#` starts a comment);
//     with a file, every /v1/ endpoint but the admin one needs `Authorization: Bearer TOKEN`.
//     Each given token is compared with every known one in constant time (OpenSSL's
//     CRYPTO_memcmp), so neither a token nor its length can be guessed byte by byte;
//   - CORS (`--cors-origin ORIGIN`, repeatable): browsers on those origins may call the API;
//   - per-client rate limits (`--rate-limit N`): a token bucket per client (the token's name, or
//     the peer address), N requests a second with bursts of N; past it 429 with Retry-After.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace jaring::server {

struct ApiToken {
  std::string name;
  std::string token;
};

// Reads a token file; throws std::runtime_error naming the file and line of any problem
// (a line without both parts, a token shorter than 16 characters, a name or token given twice).
std::vector<ApiToken> read_tokens(const std::filesystem::path& file);

// The name of the client whose token this is, or nothing. Constant time in the tokens.
std::optional<std::string> token_owner(const std::vector<ApiToken>& tokens, const std::string& given);

// Whether two secrets are equal, in time that depends only on their lengths.
bool same_secret(const std::string& given, const std::string& expected);

class RateLimiter {
 public:
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // Takes one request from `client`'s bucket; nothing when allowed, else the seconds until it
  // would be (for Retry-After, at least 1).
  std::optional<int> take(const std::string& client, std::chrono::steady_clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace jaring::server
