// The bytes of data/kemendagri/wilayah.tsv, put into the binary by the assembler (`.incbin`),
// so nothing is read from disk at run time and the 2 MB file costs no compile time.
// JARING_WILAYAH_TSV is the file's absolute path, given by engine/base/CMakeLists.txt.
#include <string_view>

#include "engine/base/regions.hpp"

#ifndef JARING_WILAYAH_TSV
#error "JARING_WILAYAH_TSV must name data/kemendagri/wilayah.tsv"
#endif

// ELF only (Linux, the platform Jaring builds on); hidden, so the symbols resolve in a PIE.
asm(".pushsection .rodata.jaring_wilayah, \"a\", @progbits\n"
    ".balign 16\n"
    ".globl jaring_wilayah_begin\n"
    ".hidden jaring_wilayah_begin\n"
    "jaring_wilayah_begin:\n"
    ".incbin \"" JARING_WILAYAH_TSV
    "\"\n"
    ".globl jaring_wilayah_end\n"
    ".hidden jaring_wilayah_end\n"
    "jaring_wilayah_end:\n"
    ".byte 0\n"
    ".popsection\n");

extern "C" {
extern const char jaring_wilayah_begin[];
extern const char jaring_wilayah_end[];
}

namespace jaring {

std::string_view embedded_region_list() {
  return {jaring_wilayah_begin, static_cast<std::size_t>(jaring_wilayah_end - jaring_wilayah_begin)};
}

}  // namespace jaring
