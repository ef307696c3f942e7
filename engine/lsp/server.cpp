#include "engine/lsp/server.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/base/i18n.hpp"
#include "engine/language/format.hpp"
#include "engine/lsp/features.hpp"

namespace jaring::lsp {

namespace {

// A path as one key whatever way it was written (`a/../b.policy`, a link): what the file
// system says it is, or the path as given when it cannot tell.
std::string canonical_key(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

using nlohmann::json;

// JSON-RPC and LSP error codes.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  RequestFailed = -32803,
};

// Deeper than any message LSP defines (a DocumentSymbol tree nests a few levels).
constexpr int max_depth = 64;

// A request's failure, answered as a JSON-RPC error.
struct RequestError {
  int code;
  std::string message;
};

std::string response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}.dump(-1, ' ', false,
                                                                                  json::error_handler_t::replace);
}

std::string error_response(const json& id, int code, const std::string& message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

std::string notify(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

// Applies one `contentChanges` entry: the whole text, or (not asked for, but allowed) a range.
void apply_change(std::string& text, const json& change, Encoding enc) {
  const std::string& replacement = change.at("text").get_ref<const std::string&>();
  if (!change.contains("range")) {
    text = replacement;
    return;
  }
  const json& range = change.at("range");
  const std::uint32_t begin = offset_of(text, position_from_json(range.at("start")), enc);
  const std::uint32_t end = std::max(begin, offset_of(text, position_from_json(range.at("end")), enc));
  text.replace(begin, end - begin, replacement);
}

}  // namespace

Server::Server(ServerOptions options) : options_(std::move(options)) {}

std::vector<std::string> Server::handle(std::string_view body) {
  std::vector<std::string> out;
  // Containers nested deeper than any LSP message are dropped while parsing, so no later copy or
  // destruction of the message recurses deeply.
  const json::parser_callback_t shallow = [](int depth, json::parse_event_t event, json&) {
    return depth < max_depth ||
           (event != json::parse_event_t::object_start && event != json::parse_event_t::array_start);
  };
  json message = json::parse(body, shallow, /*allow_exceptions=*/false);
  if (message.is_discarded()) {
    out.push_back(error_response(nullptr, ParseError, "the message is not JSON"));
    return out;
  }
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    // A response to a request of ours (we send none) or garbage: only a request gets an answer.
    if (message.is_object() && message.contains("id") && !message.contains("result") && !message.contains("error"))
      out.push_back(error_response(message["id"], InvalidRequest, "a request needs a `method` string"));
    return out;
  }
  const std::string method = message["method"];
  static const json no_params = json::object();
  const json& params = message.contains("params") ? message["params"] : no_params;
  if (!message.contains("id")) {  // a notification: never answered, even when it fails
    try {
      notification(method, params, out);
    } catch (const json::exception&) {  // malformed params: nothing to answer
    }
    return out;
  }
  if (!message["id"].is_number_integer() && !message["id"].is_string()) {
    out.push_back(error_response(nullptr, InvalidRequest, "a request's `id` is a number or a string"));
    return out;
  }
  const json id = message["id"];
  try {
    out.push_back(response(id, request(method, params)));
  } catch (const RequestError& e) {
    out.push_back(error_response(id, e.code, e.message));
  } catch (const json::exception& e) {
    out.push_back(error_response(id, InvalidParams, std::string("invalid params: ") + e.what()));
  }
  return out;
}

json Server::request(const std::string& method, const json& params) {
  if (method == "initialize") {
    if (initialized_) throw RequestError{InvalidRequest, "the server is already initialized"};
    initialized_ = true;
    return initialize(params);
  }
  if (!initialized_) throw RequestError{ServerNotInitialized, "the server is not initialized"};
  if (shut_down_) throw RequestError{InvalidRequest, "the server is shutting down"};
  if (method == "shutdown") {
    shut_down_ = true;
    return nullptr;
  }
  const bool known = method == "textDocument/hover" || method == "textDocument/definition" ||
                     method == "textDocument/completion" || method == "textDocument/documentSymbol" ||
                     method == "textDocument/formatting";
  if (!known) throw RequestError{MethodNotFound, "unknown method `" + method + "`"};
  Document* doc = document(params);
  if (!doc)
    return method == "textDocument/documentSymbol" || method == "textDocument/completion" ? json::array()
                                                                                          : json(nullptr);
  const Analysis& a = *doc->now;
  if (method == "textDocument/documentSymbol") return document_symbols(a, encoding_);
  if (method == "textDocument/formatting") return formatting(*doc);
  const std::uint32_t offset = offset_of(a.text(), position_from_json(params.at("position")), encoding_);
  if (method == "textDocument/hover") return hover(a, offset, encoding_);
  if (method == "textDocument/definition") return definition(a, offset, encoding_);
  return completion(a, *doc->names, offset);
}

json Server::initialize(const json& params) {
  // UTF-8 positions when the client offers them (LSP 3.17), else the protocol's UTF-16.
  const json* encodings = nullptr;
  if (params.contains("capabilities") && params["capabilities"].is_object()) {
    const json& caps = params["capabilities"];
    if (caps.contains("general") && caps["general"].is_object() && caps["general"].contains("positionEncodings"))
      encodings = &caps["general"]["positionEncodings"];
  }
  if (encodings && encodings->is_array())
    for (const auto& e : *encodings)
      if (e == "utf-8") encoding_ = Encoding::Utf8;
  if (!options_.language_chosen && params.contains("locale") && params["locale"].is_string()) {
    const std::string locale = params["locale"];
    if (locale.rfind("id", 0) == 0) set_message_language(Lang::id);
  }
  return {{"capabilities",
           {{"positionEncoding", encoding_ == Encoding::Utf8 ? "utf-8" : "utf-16"},
            {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
            {"hoverProvider", true},
            {"definitionProvider", true},
            {"completionProvider", {{"triggerCharacters", json::array({":"})}}},
            {"documentSymbolProvider", true},
            {"documentFormattingProvider", true}}},
          {"serverInfo", {{"name", "jaring"}, {"version", options_.version}}}};
}

void Server::notification(const std::string& method, const json& params, std::vector<std::string>& out) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ || shut_down_) return;  // notifications before `initialize` are dropped
  if (method == "textDocument/didOpen") {
    const json& td = params.at("textDocument");
    Document opened;
    opened.uri = td.at("uri").get<std::string>();
    opened.path = path_from_uri(opened.uri);
    opened.key = canonical_key(opened.path);
    opened.text = td.at("text").get<std::string>();
    opened.version = td.value("version", std::int64_t{0});
    Document& doc = documents_[opened.uri] = std::move(opened);
    reanalyze(doc, out);
    reanalyze_users(doc.key, out);  // they read it from disk until now
  } else if (method == "textDocument/didChange") {
    Document* doc = document(params);
    if (!doc) return;
    for (const auto& change : params.at("contentChanges")) apply_change(doc->text, change, encoding_);
    doc->version = params.at("textDocument").value("version", doc->version);
    reanalyze(*doc, out);
    reanalyze_users(doc->key, out);
  } else if (method == "textDocument/didSave") {
    for (auto& [uri, doc] : documents_) reanalyze(doc, out);  // any of them may `use` the saved file
  } else if (method == "textDocument/didClose") {
    const std::string uri = params.at("textDocument").at("uri");
    const auto it = documents_.find(uri);
    if (it == documents_.end()) return;
    const std::string key = it->second.key;
    documents_.erase(it);
    out.push_back(notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}}));
    reanalyze_users(key, out);  // back to the file on disk
  }
}

void Server::reanalyze(Document& doc, std::vector<std::string>& out) {
  LoadOptions load = options_.load;
  load.held_text = [this, &doc](const std::filesystem::path& path) -> std::optional<std::string> {
    const std::string key = canonical_key(path.string());
    for (const auto& [uri, other] : documents_)
      if (&other != &doc && other.key == key) return other.text;
    return std::nullopt;
  };
  std::shared_ptr<const Analysis> a = analyze(doc.path, doc.text, load);
  if (a->policy || !doc.names) doc.names = a;
  doc.loaded.clear();
  for (SourceId id = 1; id < a->sources.size(); ++id) doc.loaded.push_back(canonical_key(a->sources.get(id).name()));
  doc.now = std::move(a);
  out.push_back(
      notify("textDocument/publishDiagnostics",
             {{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", lsp_diagnostics(*doc.now, encoding_)}}));
}

void Server::reanalyze_users(const std::string& key, std::vector<std::string>& out) {
  for (auto& [uri, doc] : documents_)
    if (doc.key != key && std::find(doc.loaded.begin(), doc.loaded.end(), key) != doc.loaded.end()) reanalyze(doc, out);
}

Server::Document* Server::document(const json& params) {
  const std::string& uri = params.at("textDocument").at("uri").get_ref<const std::string&>();
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

json Server::formatting(const Document& doc) {
  Diagnostics diags;
  const auto formatted = format_policy(doc.now->sources, Analysis::document, diags);
  if (!formatted) throw RequestError{RequestFailed, say_text("the policy has a syntax error; fix it to format")};
  if (*formatted == doc.text) return json::array();
  return json::array({{{"range", range_json(doc.text, 0, static_cast<std::uint32_t>(doc.text.size()), encoding_)},
                       {"newText", *formatted}}});
}

}  // namespace jaring::lsp
