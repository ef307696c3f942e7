// The Cilegon 2024 population spec, built in so `jaring bench` runs from any folder. It is
// byte for byte examples/synth/cilegon-2024.json (a unit test holds the two together).
#include "engine/synth/synth.hpp"

namespace jaring {

std::string_view cilegon_2024_spec() {
  static constexpr std::string_view text = R"json({
  "seed": 1,
  "records": 25000,
  "region": "36.72",
  "villages": {"count": 43, "districts": 8, "pattern": "kelurahan", "prefix": "36.72"},
  "roles": [
    {"role": "ketua_rt", "weight": 1420, "female_share": 0.15},
    {"role": "ketua_rw", "weight": 280, "female_share": 0.1},
    {"role": "kader_cilegon_mandiri", "weight": 2900, "female_share": 0.95},
    {"role": "ppk", "weight": 40},
    {"role": "pps", "weight": 129},
    {"role": "kpps", "weight": 11300},
    {"role": "pantarlih", "weight": 1400},
    {"role": "panwascam", "weight": 24},
    {"role": "pkd", "weight": 43},
    {"role": "ptps", "weight": 1450},
    {"role": "nelayan", "weight": 370, "female_share": 0.05},
    {"role": "petugas_kebersihan_dlh", "weight": 70},
    {"role": "linmas", "weight": 1750, "female_share": 0.1},
    {"role": "marbot", "weight": 700, "female_share": 0.05},
    {"role": "tukang_parkir", "weight": 600, "female_share": 0.1},
    {"role": "ojek_pangkalan", "weight": 900, "female_share": 0.02},
    {"role": "buruh_serabutan", "weight": 1000},
    {"role": "pedagang_umkm", "weight": 624, "female_share": 0.6}
  ],
  "birth_years": [1950, 2008],
  "female_share": 0.5,
  "registered_on": ["2023-11-01", "2024-02-28"],
  "noise": {"outside_region": 0.02, "registered_pu": 0.03, "missing_birth_date": 0.001, "malformed_nik": 0.001},
  "declared_income": {"share": 0.1, "min": 1000000, "max": 5000000, "step": 50000},
  "kcm_roster": {"share": 0.05, "roles": ["ketua_rt", "ketua_rw"]}
}
)json";
  return text;
}

}  // namespace jaring
