// `jaring lsp`: a Language Server (LSP 3.17) for policy files, over JSON-RPC 2.0. This class is
// the protocol without the transport: it takes one message's JSON text and returns the messages
// to send back (responses and diagnostics notifications), so tests drive it directly and
// engine/cli/lsp_command.cpp runs it over standard input and output (transport.hpp).
//
// Documents are synchronized in full (an incremental change is applied too). Each change is
// loaded and checked as `jaring check` would (the same diagnostics, codes and help). A `use`d
// or amended file that is open is read from the editor, unsaved edits included, and a change
// to it re-checks the open documents that loaded it; other files are read from disk, so saving
// any document re-checks every open one.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/language/load.hpp"
#include "engine/lsp/analysis.hpp"
#include "engine/lsp/text_position.hpp"

namespace jaring::lsp {

struct ServerOptions {
  LoadOptions load;     // -I folders, installed rule packs
  std::string version;  // serverInfo.version
  // The message language was chosen (--lang or JARING_LANG); otherwise Indonesian is used when
  // the client's `locale` is Indonesian.
  bool language_chosen = false;
};

class Server {
 public:
  explicit Server(ServerOptions options);

  // Handles one message (its JSON text) and returns the messages to send, in order.
  std::vector<std::string> handle(std::string_view body);

  // After an `exit` notification: stop, with this status (0 when `shutdown` came first).
  bool exited() const { return exited_; }
  int exit_status() const { return shut_down_ ? 0 : 1; }

 private:
  struct Document {
    std::string uri;
    std::string path;
    std::string key;  // the path made canonical: how a `use` that finds this file is matched to it
    std::string text;
    std::int64_t version = 0;
    std::shared_ptr<const Analysis> now;    // of `text`
    std::vector<std::string> loaded;        // the keys of the other files `now` loaded
    std::shared_ptr<const Analysis> names;  // the last analysis that loaded: for completion
  };

  nlohmann::json request(const std::string& method, const nlohmann::json& params);
  void notification(const std::string& method, const nlohmann::json& params, std::vector<std::string>& out);
  nlohmann::json initialize(const nlohmann::json& params);
  void reanalyze(Document& doc, std::vector<std::string>& out);
  // Re-checks every open document whose last check loaded the file `key` (not `key` itself).
  void reanalyze_users(const std::string& key, std::vector<std::string>& out);
  Document* document(const nlohmann::json& params);
  nlohmann::json formatting(const Document& doc);

  ServerOptions options_;
  Encoding encoding_ = Encoding::Utf16;
  bool initialized_ = false;
  bool shut_down_ = false;
  bool exited_ = false;
  std::map<std::string, Document> documents_;
};

}  // namespace jaring::lsp
