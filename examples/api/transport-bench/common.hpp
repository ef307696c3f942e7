// Shared by all three servers: the fixed 1000-byte JSON reply and the port argument.
#pragma once
#include <cstdlib>
#include <string>

inline std::string make_reply_body() {
  // {"decision":"allow","reason":"...padding...","version":1}  -> exactly 1000 bytes
  const std::string head = "{\"decision\":\"allow\",\"reason\":\"";
  const std::string tail = "\",\"version\":1}";
  std::string s = head + std::string(1000 - head.size() - tail.size(), 'x') + tail;
  return s;  // s.size() == 1000
}

inline unsigned short port_arg(int argc, char** argv, unsigned short def) {
  return argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : def;
}

constexpr std::size_t kMaxBody = 64 * 1024;
constexpr int kIdleSeconds = 10;
