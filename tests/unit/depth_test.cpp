// Stack safety (limits.hpp): long chains and deep nesting are refused by `check` with a
// `too-deep` diagnostic and never crash; whatever is accepted, up to the limits, compiles,
// evaluates (on a worker thread, as `serve` and the batch runner do) and dumps.
#include <catch2/catch.hpp>

#include <thread>

#include "engine/language/dump.hpp"
#include "engine/language/limits.hpp"
#include "eval_support.hpp"

using namespace jaring;
using test::base_policy;
using test::check_text;

namespace {

// `term op term op ...` with `n` terms.
std::string chain(const std::string& term, std::size_t n, const std::string& op = " + ") {
  std::string out = term;
  out.reserve(n * (term.size() + op.size()));
  for (std::size_t i = 1; i < n; ++i) out += op + term;
  return out;
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// `let v0 = 1` (1 level deep) and `n - 1` lets after it, each `v{i} = step(v{i-1})`; the last is v{n-1}.
std::string let_chain(std::size_t n, const std::string& step_before, const std::string& step_after) {
  std::string out = "let v0 = 1\n";
  for (std::size_t i = 1; i < n; ++i)
    out += "let v" + std::to_string(i) + " = " + step_before + "v" + std::to_string(i - 1) + step_after + "\n";
  return out;
}

const std::string group = "group g \"G\" { when role == \"ketua_rt\" covers JKK, JKM paid_by apbd_kota }\n";
const std::string record =
    R"({"nik":"3672010105840001","role":"ketua_rt","birth_date":"1984-05-01","domicile":"36.72"})";

// The first diagnostic's message, or a note that there is none.
std::string first_message(const test::Result& r) {
  return r.diags.all().empty() ? "<no diagnostic>" : r.diags.all().front().message;
}

// Decides `record` on a thread of its own, the way the batch runner and the server do.
Decision decide_on_thread(const test::Compiled& c) {
  Decision d;
  std::thread worker([&] { d = c.decide(record, "2024-06-01"); });
  worker.join();
  return d;
}

}  // namespace

TEST_CASE("depth: a 100.000-term chain is refused with its depth, wherever it is", "[hostile][depth]") {
#ifdef JARING_SANITIZED
  constexpr std::size_t n = 25000;  // the same limits, about 100 times over; 100.000 took 40 s instrumented
#else
  constexpr std::size_t n = 100000;
#endif
  const std::string sum = chain("age", n);
  auto let = check_text(std::string(base_policy) + "let total = " + sum + "\n");
  CHECK(let->codes() == std::vector<std::string>{"too-deep"});
  CHECK(first_message(*let) == "this expression is " + std::to_string(n) + " levels deep; at most 256 are allowed");
  auto req = check_text(std::string(base_policy) + "require big \"Besar\" " + sum + " > 0\n");
  CHECK(req->codes() == std::vector<std::string>{"too-deep"});
  CHECK(first_message(*req) == "this expression is " + std::to_string(n + 1) + " levels deep; at most 256 are allowed");
  auto logic =
      check_text(std::string(base_policy) + "require any \"Salah satu\" " + chain("role == \"a\"", n, " or ") + "\n");
  CHECK(logic->codes() == std::vector<std::string>{"too-deep"});
  auto product = check_text(std::string(base_policy) + "let p = " + chain("2", n, " * ") + "\n");
  CHECK(product->codes() == std::vector<std::string>{"too-deep"});
  // Each operand of a refused chain is still checked for its own errors.
  auto literal = check_text(std::string(base_policy) + "let bad = " + sum + " + 1.5\n");
  CHECK(literal->has("bare-decimal"));
  CHECK(literal->has("too-deep"));
}

TEST_CASE("depth: chains in parentheses add up", "[hostile][depth]") {
  // 200 terms inside, 100 outside: 299 levels in all.
  const std::string inner = "(" + chain("age", 200) + ")";
  auto r = check_text(std::string(base_policy) + "let total = " + inner + " + " + chain("age", 99) + "\n");
  CHECK(r->codes() == std::vector<std::string>{"too-deep"});
  CHECK(first_message(*r) == "this expression is 299 levels deep; at most 256 are allowed");
}

TEST_CASE("depth: deep nesting is refused by the parser or the depth limit", "[hostile][depth]") {
  const std::string head = std::string(base_policy) + "let a = ";
  CHECK(check_text(head + repeat("(", 100000) + "1" + repeat(")", 100000) + "\n")->has("too-deep"));
  CHECK(check_text(head + repeat("-", 100000) + "1\n")->has("too-deep"));
  CHECK(check_text(head + repeat("- ", 100000) + "1\n")->has("too-deep"));
  CHECK(check_text(head + repeat("not ", 100000) + "true\n")->has("too-deep"));
  CHECK(check_text(head + repeat("max(", 100000) + "1" + repeat(", 1)", 100000) + "\n")->has("too-deep"));
  CHECK(check_text(head + repeat("[", 100000) + "1" + repeat("]", 100000) + "\n")->has("too-deep"));
  CHECK(check_text(head + repeat("if age > 1 then 1 else ", 100000) + "0\n")->has("too-deep"));
  // 290 minus signs pass the parser (a third of a level each) but are 291 levels deep.
  auto minus = check_text(head + repeat("-", 290) + "1\n");
  CHECK(minus->codes() == std::vector<std::string>{"too-deep"});
  CHECK(first_message(*minus) == "this expression is 291 levels deep; at most 256 are allowed");
}

TEST_CASE("depth: a long flat set is not deep", "[hostile][depth]") {
  std::string set = "[";
  for (int i = 0; i < 100000; ++i) set += (i ? ", \"r" : "\"r") + std::to_string(i) + "\"";
  set += "]";
  const test::Compiled c(std::string(base_policy) + group + "require known \"Dikenal\" role in " + set + "\n");
  CHECK(decide_on_thread(c).status == Status::NotEligible);
}

TEST_CASE("depth: a 10.000-let chain is refused once, in any order", "[hostile][depth]") {
  auto r = check_text(std::string(base_policy) + let_chain(10000, "", " + 1") + "require big \"Besar\" v9999 > 0\n");
  CHECK(r->codes() == std::vector<std::string>{"too-deep"});
  CHECK(first_message(*r) ==
        "`v512` is 1025 levels deep counting the lets and parameters it uses; at most 1024 are allowed");
  // Declared last first: the walk goes down the whole chain before measuring anything.
  std::string reversed;
  for (std::size_t i = 9999; i > 0; --i)
    reversed += "let v" + std::to_string(i) + " = v" + std::to_string(i - 1) + " + 1\n";
  auto rev = check_text(std::string(base_policy) + reversed + "let v0 = age\n");
  CHECK(rev->codes() == std::vector<std::string>{"too-deep"});
  // A cycle of 10.000 lets is as deep before it comes round.
  std::string cycle;
  for (std::size_t i = 0; i < 10000; ++i)
    cycle += "let c" + std::to_string(i) + " = c" + std::to_string((i + 1) % 10000) + " + 1\n";
  auto cyc = check_text(std::string(base_policy) + cycle);
  CHECK(cyc->has("too-deep"));
}

TEST_CASE("depth: parameters count like lets", "[hostile][depth]") {
  std::string params = "parameter p0 \"P\" : int since 2024-01-01 = age\n";
  for (std::size_t i = 1; i < 2000; ++i)
    params += "parameter p" + std::to_string(i) + " \"P\" : int since 2024-01-01 = p" + std::to_string(i - 1) + "\n";
  auto r = check_text(std::string(base_policy) + params);
  CHECK(r->codes() == std::vector<std::string>{"too-deep"});
}

TEST_CASE("depth: at the limits a policy checks, evaluates on a thread and dumps", "[hostile][depth]") {
  // The deepest value allowed (v1023 is 1024 deep), used at the bottom of the deepest
  // expression allowed (255 additions under a comparison: 256 deep).
  const std::string lets = let_chain(max_value_depth, "", "");
  const std::string deepest = chain("v1023", max_expression_depth - 1) + " > 0";
  const std::string text = std::string(base_policy) + lets + group + "require deep \"Dalam\" " + deepest + "\n";
  const test::Compiled c(text);
  const Decision d = decide_on_thread(c);
  CHECK(d.status == Status::Eligible);
  const std::string dumped = dump_policy(c.checked->checked->policy());
  CHECK(dumped.find("let v1023 = v1022\n") != std::string::npos);
  CHECK(dumped.find(deepest) != std::string::npos);
  // One level more of either is refused.
  auto longer = check_text(std::string(base_policy) + let_chain(max_value_depth + 1, "", ""));
  CHECK(longer->codes() == std::vector<std::string>{"too-deep"});
  CHECK(longer->underlined("too-deep") == "v1024");
  auto wider = check_text(std::string(base_policy) + "let total = " + chain("age", max_expression_depth + 1) + "\n");
  CHECK(wider->codes() == std::vector<std::string>{"too-deep"});
  auto widest_ok = check_text(std::string(base_policy) + "let total = " + chain("age", max_expression_depth) + "\n");
  CHECK(widest_ok->codes().empty());
}

TEST_CASE("depth: a parameter defined in terms of itself is refused", "[hostile][depth]") {
  auto self = check_text(std::string(base_policy) + "parameter p \"P\" : int since 2024-01-01 = p + 1\n");
  CHECK(self->codes() == std::vector<std::string>{"circular-let"});
  CHECK(first_message(*self) == "`p` is defined in terms of itself");
  auto through_let =
      check_text(std::string(base_policy) + "let a = p + 1\nparameter p \"P\" : int since 2024-01-01 = a\n");
  CHECK(through_let->codes() == std::vector<std::string>{"circular-let"});
  CHECK(through_let->underlined("circular-let") == "a");
  auto table = check_text(std::string(base_policy) +
                          "parameter q \"Q\" : int by role since 2024-01-01 = { ketua_rt: q, ketua_rw: 0 }\n");
  CHECK(table->has("circular-let"));
}
