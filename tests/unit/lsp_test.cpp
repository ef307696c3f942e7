// The language server without its process (engine/lsp): positions, the transport, and the
// server answering messages as an editor sends them. The scripted client test (tests/lsp/)
// drives the real `jaring lsp` over pipes.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/base/i18n.hpp"
#include "engine/language/format.hpp"
#include "engine/lsp/server.hpp"
#include "engine/lsp/text_position.hpp"
#include "engine/lsp/transport.hpp"

namespace jaring::lsp {

namespace {

using nlohmann::json;

const std::string unit_dir = std::string(JARING_SOURCE_DIR) + "/tests/unit";
const std::string doc_uri = uri_from_path(unit_dir + "/lsp_doc.policy");

// The policy the tests open: national rules through `use`, a typo in a field name on line 15.
const std::string policy_text = R"(policy "Uji LSP"
region 36.72 "Kota Cilegon"
valid  2024-01-01 .. 2024-12-31
use national/bpjstk

record participant {
  role     : text
  domicile : region
}
payer apbd_kota "APBD Kota Cilegon" [Pasal 9]
  budget 2024 = Rp 1.000.000.000
require in_region "Berdomisili di Kota Cilegon" [Pasal 3]
  domicile within 36.72
group rt_rw "Ketua RT dan RW" [Pasal 4] {
  when rol == "ketua_rt"
  covers JKK, JKM
  paid_by apbd_kota
}
)";

struct Session {
  Server server{ServerOptions{}};
  std::vector<json> last;

  std::vector<json> send(const json& message) {
    last.clear();
    for (const auto& reply : server.handle(message.dump())) last.push_back(json::parse(reply));
    return last;
  }
  json request(const std::string& method, json params, int id = 1) {
    auto replies = send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    REQUIRE(replies.size() == 1);
    return replies[0];
  }
  std::vector<json> notify(const std::string& method, json params) {
    return send({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
  }
  json at(int line, int character, const std::string& uri = doc_uri) {
    return {{"textDocument", {{"uri", uri}}}, {"position", {{"line", line}, {"character", character}}}};
  }
  void open(const std::string& text = policy_text, const std::string& uri = doc_uri) {
    notify("textDocument/didOpen",
           {{"textDocument", {{"uri", uri}, {"languageId", "jaring"}, {"version", 1}, {"text", text}}}});
  }
};

Session started(json capabilities = json::object()) {
  Session s;
  const json init = s.request("initialize", {{"processId", nullptr}, {"capabilities", std::move(capabilities)}});
  REQUIRE(init.contains("result"));
  s.notify("initialized", json::object());
  return s;
}

std::vector<std::string> labels(const json& completion) {
  std::vector<std::string> out;
  for (const auto& item : completion.at("items")) out.push_back(item.at("label"));
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("LSP positions count UTF-16 units, or bytes when UTF-8 was agreed", "[lsp]") {
  const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80z\r\nsecond";  // a é 😀 z CRLF second
  CHECK(position_of(text, 1, Encoding::Utf16).character == 1);
  CHECK(position_of(text, 3, Encoding::Utf16).character == 2);  // after é: one unit
  CHECK(position_of(text, 7, Encoding::Utf16).character == 4);  // after 😀: a surrogate pair
  CHECK(position_of(text, 7, Encoding::Utf8).character == 7);
  CHECK(position_of(text, 10, Encoding::Utf16).line == 1);  // `second` after CRLF
  CHECK(position_of(text, 10, Encoding::Utf16).character == 0);
  CHECK(offset_of(text, {0, 4}, Encoding::Utf16) == 7);
  CHECK(offset_of(text, {0, 3}, Encoding::Utf16) == 3);   // inside the pair: the character's start
  CHECK(offset_of(text, {0, 99}, Encoding::Utf16) == 8);  // past the line's end: the line's end
  CHECK(offset_of(text, {9, 0}, Encoding::Utf16) == text.size());
  CHECK(position_of(text, 9999, Encoding::Utf16).line == 1);
}

TEST_CASE("LSP file URIs are decoded and encoded", "[lsp]") {
  CHECK(path_from_uri("file:///home/a%20b/x.policy") == "/home/a b/x.policy");
  CHECK(path_from_uri("file://localhost/x.policy") == "/x.policy");
  CHECK(path_from_uri("file:///bad%zzescape") == "/bad%zzescape");
  CHECK(path_from_uri("untitled:Untitled-1") == "untitled:Untitled-1");
  CHECK(uri_from_path("/home/a b/kota_é.policy") == "file:///home/a%20b/kota_%C3%A9.policy");
}

TEST_CASE("LSP transport reads framed messages and survives broken ones", "[lsp]") {
  std::istringstream in(
      "Content-Length: 2\r\n\r\n{}"
      "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 4\r\n\r\nnull"
      "Content-Length: many\r\n\r\n"
      "Content-Length: 100\r\n\r\n{\"cut\":");
  auto m = read_message(in);
  CHECK(m.kind == Incoming::Kind::Message);
  CHECK(m.body == "{}");
  m = read_message(in);
  CHECK(m.kind == Incoming::Kind::Message);
  CHECK(m.body == "null");
  m = read_message(in);
  CHECK(m.kind == Incoming::Kind::Skipped);
  CHECK_THAT(m.error, Catch::Contains("many"));
  m = read_message(in);
  CHECK(m.kind == Incoming::Kind::Broken);
  CHECK(read_message(in).kind == Incoming::Kind::End);

  std::istringstream big("Content-Length: 10\r\n\r\n0123456789Content-Length: 1\r\n\r\n1");
  m = read_message(big, 5);
  CHECK(m.kind == Incoming::Kind::Skipped);
  m = read_message(big, 5);
  CHECK(m.body == "1");

  std::istringstream endless(std::string(100'000, 'x'));
  CHECK(read_message(endless).kind == Incoming::Kind::Broken);

  std::ostringstream out;
  CHECK(write_message(out, "{\"a\":1}"));
  CHECK(out.str() == "Content-Length: 7\r\n\r\n{\"a\":1}");
}

TEST_CASE("LSP server: protocol errors get JSON-RPC errors, not a crash", "[lsp]") {
  Session s;
  CHECK(s.request("textDocument/hover", s.at(0, 0))["error"]["code"] == -32002);  // before initialize
  for (const auto& reply : s.server.handle("{not json")) CHECK(json::parse(reply)["error"]["code"] == -32700);
  CHECK(s.server.handle(std::string(200'000, '[')).size() == 1);  // deep nesting: a parse error
  s = started();
  CHECK(s.request("textDocument/rename", s.at(0, 0))["error"]["code"] == -32601);
  CHECK(s.request("textDocument/hover", {{"textDocument", 3}})["error"]["code"] == -32602);
  CHECK(s.request("textDocument/hover", s.at(0, 0))["result"].is_null());                   // not open
  CHECK(s.notify("textDocument/didOpen", {{"textDocument", {{"uri", doc_uri}}}}).empty());  // no text: dropped
  CHECK(s.request("textDocument/documentSymbol", {{"textDocument", {{"uri", doc_uri}}}})["result"] == json::array());
  CHECK(s.send({{"jsonrpc", "2.0"}, {"id", {1, 2}}, {"method", "shutdown"}})[0]["error"]["code"] == -32600);
  CHECK(s.request("shutdown", nullptr)["result"].is_null());
  CHECK(s.request("textDocument/hover", s.at(0, 0))["error"]["code"] == -32600);
  s.notify("exit", nullptr);
  CHECK(s.server.exited());
  CHECK(s.server.exit_status() == 0);
}

TEST_CASE("LSP server: diagnostics as jaring check gives them, as the text changes", "[lsp]") {
  Session s = started();
  s.open();
  REQUIRE(s.last.size() == 1);
  const json& publish = s.last[0];
  CHECK(publish["method"] == "textDocument/publishDiagnostics");
  CHECK(publish["params"]["uri"] == doc_uri);
  const json& diags = publish["params"]["diagnostics"];
  REQUIRE(diags.size() == 1);
  CHECK(diags[0]["code"] == "unknown-field");
  CHECK(diags[0]["severity"] == 1);
  CHECK(diags[0]["range"] == json::parse(R"({"start":{"line":14,"character":7},"end":{"line":14,"character":10}})"));
  CHECK_THAT(diags[0]["message"].get<std::string>(), Catch::Contains("help: did you mean `role`?"));

  std::string fixed = policy_text;
  fixed.replace(fixed.find("rol =="), 3, "role");
  s.notify("textDocument/didChange",
           {{"textDocument", {{"uri", doc_uri}, {"version", 2}}}, {"contentChanges", {{{"text", fixed}}}}});
  CHECK(s.last[0]["params"]["diagnostics"] == json::array());
  CHECK(s.last[0]["params"]["version"] == 2);

  // A range change (not asked for, but applied): the typo back, as an edit of one line.
  json edit = json::parse(R"({"textDocument": {"version": 3},
      "contentChanges": [{"range": {"start": {"line": 14, "character": 7}, "end": {"line": 14, "character": 11}},
                          "text": "rol"}]})");
  edit["textDocument"]["uri"] = doc_uri;
  s.notify("textDocument/didChange", edit);
  CHECK(s.last[0]["params"]["diagnostics"].size() == 1);

  s.notify("textDocument/didClose", {{"textDocument", {{"uri", doc_uri}}}});
  CHECK(s.last[0]["params"]["diagnostics"] == json::array());
}

TEST_CASE("LSP server: a policy the fast lane does not take gets the note jaring check gives", "[lsp]") {
  Session s = started();
  std::ifstream in(std::string(JARING_SOURCE_DIR) + "/tests/golden/slow_policy_note.policy", std::ios::binary);
  s.open(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  REQUIRE(s.last.size() == 1);
  const json& diags = s.last[0]["params"]["diagnostics"];
  REQUIRE(diags.size() == 1);
  CHECK(diags[0]["code"] == "slow-policy");
  CHECK(diags[0]["severity"] == 3);  // Information: a note
  CHECK_THAT(diags[0]["message"].get<std::string>(), Catch::Contains("the fast lane does not take this policy"));
}

TEST_CASE("LSP server: a used file open in the editor is read with its unsaved edits", "[lsp]") {
  Session s = started();
  std::string fixed = policy_text;
  fixed.replace(fixed.find("rol =="), 3, "role");
  s.open(fixed);
  REQUIRE(s.last.size() == 1);
  CHECK(s.last[0]["params"]["diagnostics"] == json::array());

  const std::string national_path = std::string(JARING_SOURCE_DIR) + "/rules/national/bpjstk.policy";
  const std::string national_uri = uri_from_path(national_path);
  std::ifstream in(national_path, std::ios::binary);
  std::string national((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(national.find("\nrecord participant {\n") != std::string::npos);
  std::string edited = national;
  edited.replace(edited.find("\nrecord participant {\n"), 22, "\nrecord participant {\n  unsaved : nosuchtype\n");
  auto published_for = [&](const std::string& uri) -> const json* {
    for (const json& m : s.last)
      if (m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        return &m["params"]["diagnostics"];
    return nullptr;
  };
  // Opening the national pack with an unsaved error re-checks the document that uses it.
  s.open(edited, national_uri);
  const json* national_diags = published_for(national_uri);
  REQUIRE(national_diags);
  CHECK(national_diags->size() == 1);
  const json* doc_diags = published_for(doc_uri);
  REQUIRE(doc_diags);
  REQUIRE(doc_diags->size() == 1);
  CHECK((*doc_diags)[0]["range"]["start"]["line"] == 3);  // on its `use` line
  CHECK_THAT((*doc_diags)[0]["message"].get<std::string>(), Catch::Contains("nosuchtype"));

  // Undone in the editor, without saving: both clean again.
  s.notify("textDocument/didChange",
           {{"textDocument", {{"uri", national_uri}, {"version", 2}}}, {"contentChanges", {{{"text", national}}}}});
  REQUIRE(published_for(doc_uri));
  CHECK(*published_for(doc_uri) == json::array());

  // Closed with the error typed again: the document goes back to the file on disk.
  s.notify("textDocument/didChange",
           {{"textDocument", {{"uri", national_uri}, {"version", 3}}}, {"contentChanges", {{{"text", edited}}}}});
  REQUIRE(published_for(doc_uri));
  CHECK(published_for(doc_uri)->size() == 1);
  s.notify("textDocument/didClose", {{"textDocument", {{"uri", national_uri}}}});
  REQUIRE(published_for(doc_uri));
  CHECK(*published_for(doc_uri) == json::array());

  // A document that does not use it is not re-checked.
  s.notify("textDocument/didClose", {{"textDocument", {{"uri", doc_uri}}}});
  s.open(national, national_uri);
  CHECK(s.last.size() == 1);
}

TEST_CASE("LSP server: no hover or definition for a name's word in a comment or a text", "[lsp]") {
  Session s = started();
  std::string text = policy_text;
  text.replace(text.find("rol =="), 3, "role");
  text += "# rt_rw covers role\nrequire named \"role rt_rw\" [Pasal 5]\n  role == \"rt_rw\"  # role\n";
  s.open(text);
  REQUIRE(s.last.size() == 1);
  CHECK(s.last[0]["params"]["diagnostics"] == json::array());
  const int comment = 18, label = 19, condition = 20;
  CHECK(s.request("textDocument/hover", s.at(comment, 3))["result"].is_null());   // rt_rw
  CHECK(s.request("textDocument/hover", s.at(comment, 16))["result"].is_null());  // role
  CHECK(s.request("textDocument/hover", s.at(label, 16))["result"].is_null());    // "role rt_rw"
  CHECK(s.request("textDocument/definition", s.at(label, 21))["result"].is_null());
  CHECK(s.request("textDocument/hover", s.at(condition, 14))["result"].is_null());  // "rt_rw"
  CHECK(s.request("textDocument/hover", s.at(condition, 23))["result"].is_null());  // # role
  // The same names outside them still answer.
  CHECK_FALSE(s.request("textDocument/hover", s.at(condition, 3))["result"].is_null());  // role
  CHECK_FALSE(s.request("textDocument/definition", s.at(condition, 3))["result"].is_null());
  CHECK_FALSE(s.request("textDocument/hover", s.at(13, 7))["result"].is_null());  // group rt_rw
}

TEST_CASE("LSP server: the outline names amendments in the file's own keywords", "[lsp]") {
  const std::string dir = std::string(JARING_SOURCE_DIR) + "/rules/regions/";
  std::ifstream in(dir + "cilegon-2025-raperwal.policy", std::ios::binary);
  const std::string english((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SourceMap sources;
  const SourceId id = sources.add(dir + "cilegon-2025-raperwal.policy", english);
  Diagnostics diags;
  const auto indonesian = format_policy(sources, id, diags, {KeywordLanguage::Indonesian});
  REQUIRE(indonesian);
  auto amendments = [&](const std::string& text) {
    Session s = started();
    const std::string uri = uri_from_path(dir + "lsp_outline.policy");  // beside the file it amends
    s.open(text, uri);
    const json symbols = s.request("textDocument/documentSymbol", {{"textDocument", {{"uri", uri}}}})["result"];
    std::vector<std::string> names;
    for (const auto& sym : symbols)
      if (sym["kind"] == 20) names.push_back(sym["name"]);  // Key: an amendment
    return names;
  };
  const auto en = amendments(english);
  REQUIRE(en.size() >= 8);
  CHECK(en[0] == "remove group adhoc_kpu");
  CHECK(std::find(en.begin(), en.end(), "amend payer apbd_kota") != en.end());
  CHECK(std::find(en.begin(), en.end(), "amend group kader_cilegon_mandiri") != en.end());
  const auto id_names = amendments(*indonesian);
  REQUIRE(id_names.size() == en.size());
  CHECK(id_names[0] == "hapus kelompok adhoc_kpu");
  CHECK(std::find(id_names.begin(), id_names.end(), "ubah pembayar apbd_kota") != id_names.end());
  CHECK(std::find(id_names.begin(), id_names.end(), "ubah kelompok kader_cilegon_mandiri") != id_names.end());
}

TEST_CASE("LSP server: hover, definition across use, completion, outline, formatting", "[lsp]") {
  Session s = started({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  s.open();

  SECTION("hover") {
    const std::string group = s.request("textDocument/hover", s.at(13, 8))["result"]["contents"]["value"];
    CHECK_THAT(group, Catch::Contains("**Ketua RT dan RW** [Pasal 4]"));
    CHECK_THAT(group, Catch::Contains("paid_by apbd_kota"));
    const json payer = s.request("textDocument/hover", s.at(16, 12))["result"];
    CHECK_THAT(payer["contents"]["value"].get<std::string>(), Catch::Contains("budget 2024 = Rp 1.000.000.000"));
    CHECK(payer["range"] == json::parse(R"({"start":{"line":16,"character":10},"end":{"line":16,"character":19}})"));
    CHECK_THAT(s.request("textDocument/hover", s.at(12, 3))["result"]["contents"]["value"].get<std::string>(),
               Catch::Contains("field `domicile` of record `participant`"));
    CHECK_THAT(s.request("textDocument/hover", s.at(12, 20))["result"]["contents"]["value"].get<std::string>(),
               Catch::Contains("Kota Cilegon"));
    CHECK_THAT(s.request("textDocument/hover", s.at(15, 3))["result"]["contents"]["value"].get<std::string>(),
               Catch::Contains("`covers` (English) or `menanggung` (Indonesian)"));
    CHECK_THAT(s.request("textDocument/hover", s.at(3, 8))["result"]["contents"]["value"].get<std::string>(),
               Catch::Contains("rules/national/bpjstk.policy"));
    CHECK(s.request("textDocument/hover", s.at(4, 0))["result"].is_null());  // a blank line
  }

  SECTION("a national parameter's dated values, in Indonesian") {
    std::string text = policy_text;
    text.replace(text.find("Rp 1.000.000.000"), 16, "bpu_min_income * 1000");
    s.open(text);
    set_message_language(Lang::id);
    const std::string value = s.request("textDocument/hover", s.at(10, 18))["result"]["contents"]["value"];
    set_message_language(Lang::en);
    CHECK_THAT(value,
               Catch::Contains("**Penghasilan minimum peserta BPU** [PP 44/2015 Lampiran II; Permenaker 5/2021]"));
    CHECK_THAT(value, Catch::Contains("| sejak | sampai | nilai |"));
    CHECK_THAT(value, Catch::Contains("| 2015-07-01 | — | `Rp 1.000.000` |"));
    CHECK_THAT(value, Catch::Contains("*besaran* `bpu_min_income`"));
  }

  SECTION("definition") {
    const json local = s.request("textDocument/definition", s.at(16, 12))["result"];
    REQUIRE(local.size() == 1);
    CHECK(local[0]["uri"] == doc_uri);
    CHECK(local[0]["range"]["start"] == json::parse(R"({"line":9,"character":6})"));
    const json national = s.request("textDocument/definition", s.at(15, 10))["result"];  // JKK
    REQUIRE(national.size() == 1);
    CHECK_THAT(national[0]["uri"].get<std::string>(), Catch::EndsWith("/rules/national/bpjstk.policy"));
    const json file = s.request("textDocument/definition", s.at(3, 6))["result"];
    REQUIRE(file.size() == 1);
    CHECK_THAT(file[0]["uri"].get<std::string>(), Catch::EndsWith("/rules/national/bpjstk.policy"));
    CHECK(s.request("textDocument/definition", s.at(15, 3))["result"].is_null());  // a keyword
  }

  SECTION("completion") {
    const auto everything = labels(s.request("textDocument/completion", s.at(14, 7))["result"]);
    for (const char* w : {"group", "kelompok", "paid_by", "dibayar_oleh", "round", "bulatkan", "role", "domicile",
                          "bpu_min_income", "apbd_kota", "in_region", "rt_rw", "JKK", "as_of", "uang"})
      CHECK(contains(everything, w));
    CHECK(labels(s.request("textDocument/completion", s.at(16, 10))["result"]) ==
          std::vector<std::string>{"apbd_kota"});
    const auto programmes = labels(s.request("textDocument/completion", s.at(15, 9))["result"]);
    CHECK(contains(programmes, "JKK"));
    CHECK(contains(programmes, "JKM"));
    CHECK_FALSE(contains(programmes, "apbd_kota"));
    const auto types = labels(s.request("textDocument/completion", s.at(6, 13))["result"]);
    CHECK(contains(types, "money"));
    CHECK(contains(types, "uang"));
    CHECK_FALSE(contains(types, "group"));

    // While the text does not parse, names come from the last version that loaded.
    std::string broken = policy_text + "group g { when ";
    s.notify("textDocument/didChange",
             {{"textDocument", {{"uri", doc_uri}, {"version", 2}}}, {"contentChanges", {{{"text", broken}}}}});
    CHECK(contains(labels(s.request("textDocument/completion", s.at(18, 15))["result"]), "apbd_kota"));
  }

  SECTION("outline") {
    const json symbols = s.request("textDocument/documentSymbol", {{"textDocument", {{"uri", doc_uri}}}})["result"];
    std::vector<std::string> names;
    for (const auto& sym : symbols) names.push_back(sym["name"]);
    CHECK(names == std::vector<std::string>{"Uji LSP", "participant", "apbd_kota", "in_region", "rt_rw"});
    CHECK(symbols[1]["children"][0]["name"] == "role");
    CHECK(symbols[4]["detail"] == "Ketua RT dan RW");
  }

  SECTION("formatting") {
    std::string messy = policy_text;
    messy.replace(messy.find("  role     : text"), 17, "role:text");
    s.open(messy);
    const json edits = s.request("textDocument/formatting",
                                 {{"textDocument", {{"uri", doc_uri}}}, {"options", json::object()}})["result"];
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["newText"] == policy_text);
    s.open(policy_text);
    CHECK(s.request("textDocument/formatting", {{"textDocument", {{"uri", doc_uri}}}})["result"] == json::array());
    s.open("policy \"x\" {");
    CHECK(s.request("textDocument/formatting", {{"textDocument", {{"uri", doc_uri}}}})["error"]["code"] == -32803);
  }
}

TEST_CASE("LSP server: UTF-8 positions when the client offers them", "[lsp]") {
  Session s;
  const json init = s.request("initialize", {{"capabilities", {{"general", {{"positionEncodings", {"utf-8"}}}}}}});
  CHECK(init["result"]["capabilities"]["positionEncoding"] == "utf-8");
  s = Session();
  CHECK(s.request("initialize", {{"capabilities", json::object()}})["result"]["capabilities"]["positionEncoding"] ==
        "utf-16");
}

}  // namespace jaring::lsp
