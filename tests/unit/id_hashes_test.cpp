// IdHashes and repeated_ids (engine/io/id_hashes.hpp): the hashes seen more than once, over
// any number of workers, whether they fit the room expected, overflow it, or no room was
// expected at all; the room shared by workers however they divide the blocks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/io/id_hashes.hpp"

using namespace jaring;

namespace {

// `n` hashes spread over every bucket, with `repeats` of them given again (some three times).
std::vector<std::uint64_t> hashes(std::size_t n, std::size_t repeats, std::vector<std::uint64_t>& repeated) {
  std::mt19937_64 random(7);
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(random() | 1);
  std::set<std::uint64_t> again;
  for (std::size_t i = 0; i < repeats; ++i) {
    const std::uint64_t h = out[(i * 7919) % n];
    out.push_back(h);
    if (i % 3 == 0) out.push_back(h);
    again.insert(h);
  }
  std::shuffle(out.begin(), out.end(), random);
  repeated.assign(again.begin(), again.end());
  return out;
}

}  // namespace

TEST_CASE("id hashes: the repeated ones, with room, beyond it and without it", "[id_hashes]") {
  std::vector<std::uint64_t> expected;
  const std::vector<std::uint64_t> all = hashes(200'000, 500, expected);
  for (unsigned workers : {1u, 2u, 3u}) {
    // room for all, for a tenth (most go to the overflow), none asked for
    for (std::uint64_t room : {std::uint64_t{250'000}, std::uint64_t{20'000}, std::uint64_t{0}}) {
      INFO("workers " << workers << ", room " << room);
      IdHashes ids(workers);
      for (std::size_t at = 0, block = 0; at < all.size(); at += 1000, ++block) {
        if (room > 0) ids.expect(room);
        ids.add(static_cast<unsigned>(block % workers),
                std::vector<std::uint64_t>(all.begin() + static_cast<std::ptrdiff_t>(at),
                                           all.begin() + static_cast<std::ptrdiff_t>(std::min(at + 1000, all.size()))));
      }
      std::size_t kept = 0;
      for (std::size_t b = 0; b < IdHashes::buckets; ++b) kept += ids.size(b);
      CHECK(kept == all.size());
      CHECK((ids.spilled() == 0) == (room >= all.size()));
      CHECK(repeated_ids(ids, workers) == expected);
      for (std::size_t b = 0; b < IdHashes::buckets; ++b) CHECK(ids.size(b) == 0);  // released
    }
  }
}

TEST_CASE("id hashes: distinct ids of every common shape hash apart and fill the buckets evenly", "[id_hashes]") {
  // A million NIK-like ids (16 digits, counting up as a region's registry does), then short
  // and long texts and line numbers: no two alike hash alike, and the top 8 bits (the bucket)
  // are spread over the 256 buckets.
  std::vector<std::uint64_t> all;
  std::array<std::size_t, 256> buckets{};
  const auto add = [&](const std::string& id) {
    const std::uint64_t h = text_hash(id);
    all.push_back(h);
    ++buckets[h >> 56];
  };
  for (std::uint64_t i = 0; i < 1'000'000; ++i) add(std::to_string(3'672'010'101'800'000ULL + i));
  for (std::uint64_t i = 0; i < 100'000; ++i) add(std::to_string(i));  // line numbers: 1 to 6 bytes
  add("");
  for (std::size_t n = 1; n <= 40; ++n) {
    add(std::string(n, 'a'));
    add(std::string(n, '\0'));
  }
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  const double mean = static_cast<double>(all.size()) / 256;
  for (const std::size_t b : buckets) {
    CHECK(static_cast<double>(b) > mean * 0.9);
    CHECK(static_cast<double>(b) < mean * 1.1);
  }
}

TEST_CASE("id hashes: hashes alike in every bit but the last are not repeats", "[id_hashes]") {
  // Whole buckets of hashes that differ only in their lowest bits (so that they mark the same
  // bits of whatever filter a bucket is read through first), among them a few given twice.
  std::vector<std::uint64_t> all, expected;
  for (std::uint64_t bucket = 0; bucket < 256; bucket += 5)
    for (std::uint64_t low = 0; low < 3000; ++low) {
      const std::uint64_t h = bucket << 56 | 0x00AB'CDEF'0000'0000ULL | low;
      all.push_back(h);
      if (low % 1000 == 7) {
        all.push_back(h);
        expected.push_back(h);
      }
    }
  std::sort(expected.begin(), expected.end());
  IdHashes ids(2);
  ids.expect(all.size());
  ids.add(0, std::vector<std::uint64_t>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2)));
  ids.add(1, std::vector<std::uint64_t>(all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2), all.end()));
  CHECK(repeated_ids(ids, 2) == expected);
}

TEST_CASE("id hashes: hashes alike in their first and last bits but not between are not repeats", "[id_hashes]") {
  // In every third bucket, 3.000 random hashes and 60 alike in all but bits 16 to 27, so that
  // each of those finds an equal tag (its lowest 16 bits) at the first slot it tries (its bits
  // after the bucket's): candidates, of which only the ones given twice are repeats. In one
  // bucket every hash is given twice (more candidates than a bucket counts one by one).
  std::mt19937_64 random(5);
  std::vector<std::uint64_t> all, expected;
  for (std::uint64_t bucket = 0; bucket < 256; bucket += 3) {
    for (std::size_t i = 0; i < 3000; ++i) {
      const std::uint64_t h = bucket << 56 | (random() >> 8);
      all.push_back(h);
      if (bucket == 129) {
        all.push_back(h);
        expected.push_back(h);
      }
    }
    for (std::uint64_t middle = 0; middle < 60; ++middle) {
      const std::uint64_t h = bucket << 56 | 0x00AB'CDEF'0000'0000ULL | middle << 16 | 0x5A5A;
      all.push_back(h);
      if (middle % 20 == 11 || bucket == 129) {
        all.push_back(h);
        expected.push_back(h);
      }
    }
  }
  std::shuffle(all.begin(), all.end(), random);
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  for (unsigned workers : {1u, 2u}) {
    IdHashes ids(workers);
    ids.expect(all.size());
    ids.add(0, std::vector<std::uint64_t>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2)));
    ids.add(workers - 1,
            std::vector<std::uint64_t>(all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2), all.end()));
    CHECK(repeated_ids(ids, workers) == expected);
  }
}

TEST_CASE("id hashes: workers share the room however unevenly they divide the blocks", "[id_hashes]") {
  // Two workers on one thread each, one taking 7 blocks in 10 (a vCPU a third slower than the
  // other made a 60/40 split): the room expected for all fits them all, nothing spills. With a
  // room per worker for half of them, the faster one's overflow took 35.000-40.000 of a
  // million hashes.
  std::vector<std::uint64_t> expected;
  const std::vector<std::uint64_t> all = hashes(300'000, 300, expected);
  IdHashes ids(2);
  std::vector<std::vector<std::uint64_t>> blocks(2);
  for (std::size_t at = 0, block = 0; at < all.size(); at += 1000, ++block)
    blocks[block % 10 < 7 ? 0 : 1].insert(blocks[block % 10 < 7 ? 0 : 1].end(),
                                          all.begin() + static_cast<std::ptrdiff_t>(at),
                                          all.begin() + static_cast<std::ptrdiff_t>(std::min(at + 1000, all.size())));
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < 2; ++w)
    workers.emplace_back([&, w] {
      ids.expect(all.size());
      for (std::size_t at = 0; at < blocks[w].size(); at += 1000)
        ids.add(w, std::vector<std::uint64_t>(
                       blocks[w].begin() + static_cast<std::ptrdiff_t>(at),
                       blocks[w].begin() + static_cast<std::ptrdiff_t>(std::min(at + 1000, blocks[w].size()))));
    });
  for (auto& t : workers) t.join();
  CHECK(ids.spilled() == 0);
  std::size_t kept = 0;
  for (std::size_t b = 0; b < IdHashes::buckets; ++b) kept += ids.size(b);
  CHECK(kept == all.size());
  CHECK(repeated_ids(ids, 2) == expected);
}

TEST_CASE("id hashes: every bit of a hash kept, rooms full to the last entry", "[id_hashes]") {
  // Each bucket filled to its room exactly, then one more (the overflow, one for all buckets),
  // with hashes whose bytes are all set: an entry's store runs into the next one's, never
  // into another bucket.
  IdHashes ids;
  ids.expect(IdHashes::buckets * 100);
  const std::size_t room = ids.room();
  REQUIRE(room > 0);
  REQUIRE(room % IdHashes::chunk == 0);
  std::vector<std::uint64_t> all;
  std::mt19937_64 random(11);
  for (std::size_t i = 0; i <= room; ++i)
    for (std::uint64_t b = 0; b < IdHashes::buckets; ++b)
      all.push_back(b << 56 | (random() >> 8) | 0x0080'8080'8080'8080ULL);
  ids.add(0, all);
  CHECK(ids.spilled() == IdHashes::buckets);
  ids.seal();
  std::vector<std::uint64_t> back;
  for (std::size_t b = 0; b < IdHashes::buckets; ++b) {
    CHECK(ids.size(b) == room + 1);
    ids.for_each(b, [&](std::uint64_t h) { back.push_back(h); });
  }
  std::sort(all.begin(), all.end());
  std::sort(back.begin(), back.end());
  CHECK(back == all);
}

TEST_CASE("id hashes: a million ids' room is four huge pages", "[id_hashes]") {
  // 7 bytes a hash: 1M ids and an eighth more fit 8 MiB (in 8 bytes they took 9 MB, five
  // huge pages, each zeroed whole when first touched), for one worker or two.
  for (unsigned workers : {1u, 2u}) {
    IdHashes ids(workers);
    ids.expect(1'000'000);
    CHECK(ids.room() * IdHashes::buckets >= 1'000'000 * 9 / 8);
    CHECK(ids.room_bytes() <= std::size_t{8} << 20);
  }
}

TEST_CASE("early repeats: a hash seen before among the first kept, none past the room", "[id_hashes]") {
  std::vector<std::uint64_t> repeated;
  const std::vector<std::uint64_t> unique = hashes(EarlyRepeats::most + 100, 0, repeated);
  REQUIRE(repeated.empty());

  SECTION("distinct hashes, block after block, are no repeat") {
    EarlyRepeats early;
    for (std::size_t at = 0; at < 7000; at += 1000)
      CHECK_FALSE(early.add(std::vector<std::uint64_t>(unique.begin() + at, unique.begin() + at + 1000)));
    CHECK(early.kept() == 7000);
  }
  SECTION("a hash in a later block, or twice in one") {
    EarlyRepeats early;
    CHECK_FALSE(early.add({unique[0], unique[1], unique[2]}));
    CHECK(early.add({unique[3], unique[1]}));
    EarlyRepeats once;
    CHECK(once.add({unique[5], unique[6], unique[5]}));
  }
  SECTION("hashes that share a slot, or their high half, are told apart") {
    EarlyRepeats early;
    const std::uint64_t h = unique[0];
    // The same slot (low bits), another tag; the same tag (high half), another slot.
    CHECK_FALSE(early.add({h, h ^ (std::uint64_t{1} << 40), h ^ (std::uint64_t{1} << 41), h ^ 1, h ^ 2}));
    CHECK(early.add({h ^ 2}));
  }
  SECTION("past its room it keeps nothing more and finds nothing") {
    EarlyRepeats early;
    CHECK_FALSE(early.add(std::vector<std::uint64_t>(unique.begin(), unique.begin() + EarlyRepeats::most)));
    CHECK(early.kept() == EarlyRepeats::most);
    CHECK_FALSE(early.add({unique[EarlyRepeats::most + 1], unique[0]}));
    CHECK(early.kept() == EarlyRepeats::most);
  }
}
