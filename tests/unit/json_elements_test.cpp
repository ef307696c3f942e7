// The fast lane's JSON array blocks (json_elements.hpp) against read_json_document, on random
// arrays of objects whose text holds braces, brackets, commas, quotes and backslashes: elements
// framed from the array's first one are read_json_document's, and a block that begins at any
// guess (find_json_element) and frames to its end without failing begins at a true element.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/io/block_run.hpp"
#include "engine/io/json_elements.hpp"
#include "engine/io/json_refusal.hpp"
#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/row_starts.hpp"
#include "temp_folder.hpp"

using namespace jaring;

namespace {

// A random JSON string's body: letters, and the bytes that trouble a guess.
std::string text(std::mt19937& rng) {
  static const std::vector<std::string> parts{"a",   " ",   "{",    "}",    "[", "]", ",",
                                              ", {", "},{", "\\\"", "\\\\", ":", "\n"};
  std::string out;
  const int n = static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) out += parts[rng() % parts.size()];
  // A raw LF is no JSON, but the framing must still pass over it as read_json_document does.
  return out;
}

std::string value(std::mt19937& rng, int depth) {
  switch (rng() % (depth > 1 ? 3 : 5)) {
    case 0: return "\"" + text(rng) + "\"";
    case 1: return std::to_string(rng() % 1000);
    case 2: return "null";
    case 3: return "[" + value(rng, depth + 1) + ", {\"k\": " + value(rng, depth + 1) + "}]";
    default: return "{\"in\": " + value(rng, depth + 1) + "}";
  }
}

std::string object(std::mt19937& rng) {
  std::string out = "{";
  const int n = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < n; ++i) out += (i ? ", \"" : "\"") + text(rng) + "\": " + value(rng, 0);
  return out + "}";
}

std::string space(std::mt19937& rng) {
  static const std::vector<std::string> spaces{"", " ", "\n  ", "\r\n", "\t", "\n\n "};
  return spaces[rng() % spaces.size()];
}

// The elements of `array` as read_json_document frames them: their texts.
std::vector<std::string> generic_elements(const std::string& array) {
  Schema s;
  s.name = "r";
  std::istringstream in(array);
  std::vector<std::string> out;
  InputCounts counts;
  record_read::read_json_document(
      in, s, [&](RawRow& row, const RowLayout&) { out.push_back(row.ready ? "<rejected>" : row.text); }, {}, counts);
  return out;
}

}  // namespace

TEST_CASE("json elements: framed as read_json_document frames them, every guess checked", "[json_elements]") {
  std::mt19937 rng(20261205);
  int guesses_taken = 0, guesses_refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string array = "[" + space(rng);
    std::set<std::size_t> starts;  // where the true elements begin
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      if (i) array += space(rng) + "," + space(rng);
      starts.insert(array.size());
      array += object(rng);
    }
    array += space(rng) + "]" + space(rng);
    const char* const begin = array.data();
    const char* const end = begin + array.size();

    // From the first element: the generic reader's elements, one by one.
    std::vector<std::string> lane;
    const char* p = begin + *starts.begin();
    while (p < end) {
      std::string_view element;
      REQUIRE(next_json_element(p, end, element));
      lane.emplace_back(element);
    }
    REQUIRE(lane == generic_elements(array));

    // Cut into blocks as BlockReader cuts it (each from the first guess at or after a random
    // point), and every block framed alone: where all frame, the elements are the same.
    std::vector<const char*> bounds{begin + *starts.begin()};
    bool told = true;
    for (int cut = 0; cut < 3; ++cut) {
      const char* guess = find_json_element(begin + 1 + rng() % (array.size() - 1), end, begin);
      if (!guess) told = false;
      else if (guess != end && guess > bounds.back()) bounds.push_back(guess);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    bounds.push_back(end);
    std::vector<std::string> blocks;
    bool framed = told;
    for (std::size_t k = 0; framed && k + 1 < bounds.size(); ++k)
      for (const char* q = bounds[k]; framed && q < bounds[k + 1];) {
        std::string_view element;
        framed = next_json_element(q, bounds[k + 1], element);
        blocks.emplace_back(element);
      }
    if (framed) {
      CHECK(blocks == lane);
      ++guesses_taken;
    } else {
      ++guesses_refused;
    }
  }
  // Both kinds of guess were met.
  CHECK(guesses_taken > 300);
  CHECK(guesses_refused > 300);
}

TEST_CASE("json elements: a guess needs a comma before it, within the bytes it may look at", "[json_elements]") {
  const std::string a = R"([{"a": 1},  {"b": "x, {y"}, {"c": [{"d": 1}]}])";
  const char* b = a.data();
  const char* e = b + a.size();
  CHECK(find_json_element(b, e, b) == b + a.find("{\"b\""));
  CHECK(find_json_element(b + a.find("{\"b\"") + 1, e, b) == b + a.find("{y"));  // inside a string: a guess
  CHECK(find_json_element(b + a.find("{\"c\"") + 1, e, b) == e);                 // `[{`: no comma before it
  // Whitespace back to the floor: it cannot be told.
  CHECK(find_json_element(b + a.find("{\"b\""), e, b + a.find("{\"b\"") - 2) == nullptr);
  // Text after `]`, a scalar element, no `]`.
  for (const std::string bad : {R"({"a": 1}] x)", R"({"a": 1}, 5])", R"({"a": 1})", R"({"a": 1} x, {"b": 2}])"}) {
    const char* p = bad.data();
    const char* const end = p + bad.size();
    bool ok = true;
    while (ok && p < end) {
      std::string_view element;
      ok = next_json_element(p, end, element);
    }
    CHECK_FALSE(ok);
  }
}

TEST_CASE("json elements: a file's blocks tile its array from the first element to the end", "[json_elements]") {
  // Elements of every length around the block sizes, one a line or several on one; the last
  // range often holds no element start (the block before then runs to the file's end, `]` and all).
  std::mt19937 rng(7);
  std::string array = "[\n";
  std::vector<std::size_t> starts;
  for (int i = 0; i < 60; ++i) {
    if (i) array += rng() % 2 ? ",\n  " : ", ";
    starts.push_back(array.size());
    array += "{\"k\": \"" + std::string(rng() % 90, 'x') + "\"}";  // no guess inside a value here
  }
  array += "\n]\n";
  const test::TempFolder dir("jaring-json-blocks");
  const std::string path = (dir.path / "a.json").string();
  std::ofstream(path, std::ios::binary) << array;
  for (std::size_t block = 16; block <= 400; block += 3) {
    INFO("block " << block);
    const BlockReader reader(path, starts.front(), 2, block, 1 << 20, BlockStarts::JsonElements);
    std::uint64_t at = starts.front();
    bool at_end = false;
    for (std::uint64_t k = 0; k < reader.blocks(); ++k) {
      Bytes b;
      REQUIRE(reader.read(k, b));  // never "too long", the last element's block included
      if (b.size == 0) continue;
      CHECK(b.file_offset == at);  // each block begins where the one before ended
      CHECK(std::find(starts.begin(), starts.end(), b.file_offset) != starts.end());
      at = b.file_offset + b.size;
      at_end = b.file_end;
      CHECK(b.file_end == (at == array.size()));
    }
    CHECK(at == array.size());
    CHECK(at_end);
  }
}

TEST_CASE("json elements: found from the array's start, every block begins at an element",
          "[json_elements][row_starts]") {
  std::mt19937 rng(20261206);
  const test::TempFolder dir("jaring-json-starts");
  const std::string path = (dir.path / "a.json").string();
  std::size_t blocks_checked = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string array = "[" + space(rng);
    std::vector<std::size_t> starts;
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) {
      if (i) array += space(rng) + "," + space(rng);
      starts.push_back(array.size());
      array += object(rng);  // `, {` and `[{` in its strings and values: guesses fail here
    }
    array += space(rng) + "]" + space(rng);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << array;
    const std::size_t block = 1 + rng() % 40;
    INFO("array: " << array << " block " << block);
    const auto found = find_json_element_starts(path, starts.front(), block, 1 << 20);
    REQUIRE(found);
    const std::size_t ranges = (array.size() - starts.front() + block - 1) / block;
    REQUIRE(found->block_starts.size() == ranges);
    for (std::size_t k = 0; k < ranges; ++k) {
      const auto first = std::lower_bound(starts.begin(), starts.end(), starts.front() + k * block);
      CHECK(found->block_starts[k] == (first == starts.end() ? array.size() : *first));
    }
    // Read in blocks from them, every block frames, and its elements are the generic reader's.
    const BlockReader reader(path, starts.front(), 2, block, 1 << 20, BlockStarts::JsonElements, &found->block_starts);
    std::vector<std::string> elements;
    for (std::uint64_t k = 0; k < reader.blocks(); ++k) {
      Bytes b;
      REQUIRE(reader.read(k, b));
      const char* p = b.begin();
      const char* const end = p + b.size;
      while (p < end) {
        std::string_view element;
        REQUIRE(next_json_element(p, end, element));
        elements.emplace_back(element);
      }
      ++blocks_checked;
    }
    CHECK(elements == generic_elements(array));
  }
  CHECK(blocks_checked > 10'000);
  // Not the lane's: a scalar element, text after `]`, no `]`, a comma then the end.
  for (const std::string bad : {R"([{"a": 1}, 5])", R"([{"a": 1}] x)", R"([{"a": 1}, {"b": 2})", R"([{"a": 1},)"}) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bad;
    CHECK_FALSE(find_json_element_starts(path, 1, 4, 1 << 20));
  }
}

TEST_CASE("json_refusal: where and why, without an exception", "[json_refusal]") {
  CHECK_FALSE(jaring::json_refusal(R"({"a": [1, 2.5, true, null, "x"]})"));
  CHECK_FALSE(jaring::json_refusal(" \n 3 \n"));
  const auto syntax = jaring::json_refusal(R"({"nik": x})");
  REQUIRE(syntax);
  CHECK(syntax->id == 101);
  CHECK(syntax->byte == 9);
  CHECK(syntax->what.find("invalid literal") != std::string::npos);
  const auto after = jaring::json_refusal("{} {}");  // one value only
  REQUIRE(after);
  CHECK(after->id == 101);
  CHECK(after->byte == 4);
  const auto large = jaring::json_refusal("[1e400]");
  REQUIRE(large);
  CHECK(large->id == 406);
  CHECK(jaring::json_refusal("")->id == 101);
}
