#include <catch2/catch.hpp>

#include "engine/doc/policy_doc.hpp"
#include "eval_support.hpp"

using namespace jaring;
using test::Compiled;

TEST_CASE("doc: a citation's article", "[doc]") {
  CHECK(doc::article_of("Perwal 41/2024 Pasal 3 ayat (1) huruf a") == "Perwal 41/2024 Pasal 3");
  CHECK(doc::article_of("Perbup 51/2023 Pasal 4 huruf c; Perbup 45/2024") == "Perbup 51/2023 Pasal 4");
  CHECK(doc::article_of("Raperwal Pasal 4A huruf h") == "Raperwal Pasal 4A");
  CHECK(doc::article_of("PP 44/2015 Lampiran II") == "PP 44/2015 Lampiran II");
  CHECK(doc::article_of("UU 6/2014 pasal 72") == "UU 6/2014 pasal 72");
}

TEST_CASE("doc: a policy as a document, article by article, with its tests as worked examples", "[doc]") {
  const Compiled c(
      std::string(test::base_policy) +
      "group rt \"Ketua RT\" [Perwal 1/2024 Pasal 4 huruf a] {\n"
      "  when role == \"ketua_rt\"\n  covers JKK paid_by apbd_kota\n  quota 1.528 rank by birth_date\n}\n"
      "test \"Ketua RT layak\" on 2024-05-01 {\n"
      "  given { nik: \"3672010105840001\", birth_date: 1984-01-01, role: \"ketua_rt\", domicile: 36.72 }\n"
      "  expect eligible, group rt\n}\n");
  const Policy& p = c.checked->checked->policy();
  const auto examples = run_tests(p, *c.program);
  REQUIRE(examples.size() == 1);
  const doc::Document id = doc::policy_document(p, *c.program, examples, whatif::Lang::Id);
  const std::string md = doc::render_markdown(id);
  CHECK(md.find("### Perwal 1/2024 Pasal 4") != std::string::npos);
  CHECK(md.find("**Kelompok:** Ketua RT (Perwal 1/2024 Pasal 4 huruf a) — bila `role == \"ketua_rt\"`") !=
        std::string::npos);
  CHECK(md.find("kuota 1.528 orang, urut menurut `birth_date`") != std::string::npos);
  CHECK(md.find("### Ketua RT layak") != std::string::npos);
  CHECK(md.find("**Keputusan:** **LAYAK**, kelompok Ketua RT") != std::string::npos);
  CHECK(md.find("1 dari 1 contoh sesuai") != std::string::npos);
  CHECK(md.find(c.program->hash) != std::string::npos);
  const std::string html =
      doc::render_html(doc::policy_document(p, *c.program, examples, whatif::Lang::En), whatif::Lang::En);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<html lang=\"en\">") != std::string::npos);
  CHECK(html.find("<strong>Group:</strong> Ketua RT") != std::string::npos);
  CHECK(html.find("<code>role == &quot;ketua_rt&quot;</code>") != std::string::npos);
  CHECK(html.find("1 of 1 examples decide as expected") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
}
