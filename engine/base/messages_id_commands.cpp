// Indonesian catalog: the commands' own errors and summaries (see messages_id.hpp).
#include "engine/base/messages_id.hpp"

namespace jaring::messages_id {

namespace {

// clang-format off
constexpr Translation entries[] = {
    {"jaring: --as-of `{}` is not a date (YYYY-MM-DD)\n",
     "jaring: --as-of `{}` bukan tanggal (YYYY-MM-DD)\n"},
    {"jaring: cannot read `{}`\n",
     "jaring: tidak dapat membaca `{}`\n"},
    {"checked {} file{}: {} error{}, {} warning{}\n",
     "{0} berkas diperiksa: {2} galat, {4} peringatan\n"},
    {"jaring: the record schemas of the two policies differ in {} field{}; one population cannot be decided under both:\n",
     "jaring: skema data kedua kebijakan berbeda pada {0} isian; satu populasi tidak dapat diputuskan dengan keduanya:\n"},
    {"jaring: {} `{}` is not a date (YYYY-MM-DD)\n",
     "jaring: {} `{}` bukan tanggal (YYYY-MM-DD)\n"},
    {"jaring: --records and --as-of go together (and --base-as-of needs them)\n",
     "jaring: --records dan --as-of harus diberikan bersama (dan --base-as-of memerlukan keduanya)\n"},
    {"cannot create a temporary file for standard input: {} ($TMPDIR)",
     "tidak dapat membuat berkas sementara untuk masukan standar: {} ($TMPDIR)"},
    {"jaring: cannot tell the format of `{}`; use --input-format csv|jsonl|json\n",
     "jaring: format `{}` tidak dapat ditentukan; gunakan --input-format csv|jsonl|json\n"},
    {"jaring: --no-decisions applies to --records; --record prints its one decision\n",
     "jaring: --no-decisions berlaku untuk --records; --record mencetak satu keputusannya\n"},
    {"jaring: give exactly one of --record JSON or --records FILE\n",
     "jaring: berikan tepat salah satu dari --record JSON atau --records FILE\n"},
    {"jaring: --region `{}` is not the Kemendagri code of a regency or city: write PP.KK, such as `36.73`\n",
     "jaring: --region `{}` bukan kode Kemendagri untuk kabupaten atau kota: tulis PP.KK, misalnya `36.73`\n"},
    {"jaring: --name must be the region's name, without quotes or line breaks, such as `Kota Serang`\n",
     "jaring: --name harus berupa nama wilayah, tanpa tanda petik atau pergantian baris, misalnya `Kota Serang`\n"},
    {"jaring: --year {} is not a plausible year\n",
     "jaring: --year {} bukan tahun yang wajar\n"},
    {"jaring: `{}` exists; choose another --out or add --force to replace it\n",
     "jaring: `{}` sudah ada; pilih --out lain atau tambahkan --force untuk menggantinya\n"},
    {"jaring: wrote `{}`, which does not check here: put it in a rules folder beside `national/`, or name that folder with -I or JARING_PATH\n",
     "jaring: `{}` telah ditulis, tetapi tidak lolos pemeriksaan di sini: letakkan di folder aturan di samping `national/`, atau sebutkan folder itu dengan -I atau JARING_PATH\n"},
    {"wrote {}: checks clean, {} of {} tests pass; replace each TODO with the regulation's text\n",
     "{} telah ditulis: lolos pemeriksaan, {} dari {} uji lulus; ganti setiap TODO dengan teks peraturan\n"},
    {"jaring: {} `{}` is not a month: write YYYY-MM, e.g. 2024-05\n",
     "jaring: {} `{}` bukan bulan: tulis YYYY-MM, misalnya 2024-05\n"},
    {"jaring: --from {} is after --to {}; give the earlier month first\n",
     "jaring: --from {} jatuh sesudah --to {}; berikan bulan yang lebih awal terlebih dahulu\n"},
    {"jaring: --from {} --to {} spans {} months; at most {} (10 years) can be projected\n",
     "jaring: --from {} --to {} mencakup {} bulan; paling banyak {} bulan (10 tahun) yang dapat diproyeksikan\n"},
    {"jaring: assumptions `{}`: {}\n",
     "jaring: asumsi `{}`: {}\n"},
    {"jaring: assumptions `{}`: `income_field` names `{}`, which is not a money field of the policy's record\n",
     "jaring: asumsi `{}`: `income_field` menyebut `{}`, yang bukan isian uang pada data kebijakan\n"},
    {"note: {} more diagnostics not shown\n",
     "catatan: {} diagnostik lainnya tidak ditampilkan\n"},
    {"jaring: --listen `{}` is not HOST:PORT\n",
     "jaring: --listen `{}` bukan HOST:PORT\n"},
    {"jaring: --policies `{}` is not a folder\n",
     "jaring: --policies `{}` bukan folder\n"},
    {"jaring: --max-bodies-in-flight must be at least --max-body\n",
     "jaring: --max-bodies-in-flight paling sedikit harus sebesar --max-body\n"},
    {"jaring: --tls-cert and --tls-key go together\n",
     "jaring: --tls-cert dan --tls-key harus diberikan bersama\n"},
    {"jaring: --tls-client-ca needs --tls-cert and --tls-key\n",
     "jaring: --tls-client-ca memerlukan --tls-cert dan --tls-key\n"},
    {"jaring: {} records (seed {}) to {}\n",
     "jaring: {} rekaman (benih {}) ke {}\n"},
    {"{}: does not check; its tests were not run\n",
     "{}: tidak lolos pemeriksaan; uji-ujinya tidak dijalankan\n"},
    {"{} file{} did not check\n",
     "{0} berkas tidak lolos pemeriksaan\n"},
    {"jaring: --region `{}` is not a regency or city in the Kemendagri list{}\n",
     "jaring: --region `{}` bukan kabupaten atau kota dalam daftar Kemendagri{}\n"},
};
// clang-format on

}  // namespace

std::span<const Translation> commands() { return entries; }

}  // namespace jaring::messages_id
