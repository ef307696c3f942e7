// libFuzzer target: bytes as a policy document in the language server (engine/lsp): opened,
// then hover, definition and completion asked at positions spread over it, its outline and its
// formatting; and the same bytes read as a stream of LSP messages, each handled. Whatever the
// bytes, every answer is JSON and nothing crashes. Built only with JARING_FUZZ.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "engine/lsp/server.hpp"
#include "engine/lsp/transport.hpp"

namespace {

using nlohmann::json;
using namespace jaring::lsp;

void expect_json(const std::string& reply) {
  if (!json::accept(reply)) {
    std::fprintf(stderr, "fuzz_lsp: a reply is not JSON: %s\n", reply.substr(0, 200).c_str());
    std::abort();
  }
}

void send(Server& server, const json& message) {
  for (const auto& reply : server.handle(message.dump(-1, ' ', false, json::error_handler_t::replace)))
    expect_json(reply);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string uri = uri_from_path(JARING_SOURCE_DIR "/tests/unit/fuzz_lsp.policy");
  Server server{ServerOptions{}};
  send(server,
       {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {{"capabilities", json::object()}}}});
  send(server,
       {{"jsonrpc", "2.0"},
        {"method", "textDocument/didOpen"},
        {"params", {{"textDocument", {{"uri", uri}, {"languageId", "jaring"}, {"version", 1}, {"text", text}}}}}});
  const json doc = {{"uri", uri}};
  int id = 2;
  const std::uint32_t lines = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (std::uint32_t i = 0; i < 8; ++i) {
    const json at = {{"textDocument", doc},
                     {"position", {{"line", (i * 7) % (lines + 1)}, {"character", (i * 13) % 40}}}};
    for (const char* method : {"textDocument/hover", "textDocument/definition", "textDocument/completion"})
      send(server, {{"jsonrpc", "2.0"}, {"id", id++}, {"method", method}, {"params", at}});
  }
  send(server, {{"jsonrpc", "2.0"},
                {"id", id++},
                {"method", "textDocument/documentSymbol"},
                {"params", {{"textDocument", doc}}}});
  send(server,
       {{"jsonrpc", "2.0"}, {"id", id++}, {"method", "textDocument/formatting"}, {"params", {{"textDocument", doc}}}});

  std::istringstream wire(text);
  for (int n = 0; n < 64; ++n) {
    const Incoming in = read_message(wire, 1 << 16);
    if (in.kind == Incoming::Kind::End || in.kind == Incoming::Kind::Broken) break;
    if (in.kind == Incoming::Kind::Message)
      for (const auto& reply : server.handle(in.body)) expect_json(reply);
  }
  return 0;
}
