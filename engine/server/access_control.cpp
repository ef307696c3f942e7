#include "engine/server/access_control.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>

namespace jaring::server {

namespace {

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

std::vector<ApiToken> read_tokens(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read the token file `{}`", file.string()));
  std::vector<ApiToken> tokens;
  std::set<std::string> names;
  std::set<std::string> values;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string text = trimmed(line.substr(0, line.find('#')));
    if (text.empty()) continue;
    const auto space = text.find_first_of(" \t");
    auto where = [&] { return fmt::format("{}:{}", file.string(), number); };
    if (space == std::string::npos)
      throw std::runtime_error(where() + ": expected `NAME TOKEN` (a client's name, a space, its token)");
    ApiToken t{text.substr(0, space), trimmed(text.substr(space))};
    if (t.token.find_first_of(" \t") != std::string::npos)
      throw std::runtime_error(where() + ": a token cannot hold spaces");
    if (t.token.size() < 16)
      throw std::runtime_error(where() + ": the token of `" + t.name +
                               "` is shorter than 16 characters; use a long random one (e.g. `openssl rand -hex 32`)");
    if (!names.insert(t.name).second)
      throw std::runtime_error(where() + ": the client `" + t.name + "` is given twice");
    if (!values.insert(t.token).second) throw std::runtime_error(where() + ": this token is already another client's");
    tokens.push_back(std::move(t));
  }
  if (tokens.empty()) throw std::runtime_error(fmt::format("the token file `{}` holds no token", file.string()));
  return tokens;
}

bool same_secret(const std::string& given, const std::string& expected) {
  if (expected.empty()) return false;
  // Compared over the expected length whatever the given one, so the time does not tell it.
  std::string padded = given.substr(0, expected.size());
  padded.resize(expected.size(), '\0');
  const bool same = CRYPTO_memcmp(padded.data(), expected.data(), expected.size()) == 0;
  return same && given.size() == expected.size();
}

std::optional<std::string> token_owner(const std::vector<ApiToken>& tokens, const std::string& given) {
  std::optional<std::string> owner;
  for (const auto& t : tokens)  // no early exit: every token is compared
    if (same_secret(given, t.token)) owner = t.name;
  return owner;
}

std::optional<int> RateLimiter::take(const std::string& client, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 100000) {
    // Forget clients whose buckets are full again: they lose nothing.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double refill = std::chrono::duration<double>(now - it->second.last).count() * rate_;
      it = it->second.tokens + refill >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.last).count() * rate_);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace jaring::server
