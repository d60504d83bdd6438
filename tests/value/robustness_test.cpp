// Seeded mutation of every reference spec: each mutant must load and run or fail with an Error,
// never crash or hang (the libFuzzer target is still to come; this replays deterministically).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "value/analysis.hpp"
#include "value/psa.hpp"

namespace yigong::value {
namespace {

using nlohmann::json;

// Replaces one randomly chosen scalar (or object member) in `j` with a hostile value.
void mutate(json& j, std::mt19937_64& rng) {
  static const std::vector<json> kHostile = {json(nullptr),
                                             json(-1),
                                             json(0),
                                             json(1e308),
                                             json(-1e308),
                                             json("C"),
                                             json(""),
                                             json("1/0"),
                                             json("log(-1)"),
                                             json("((("),
                                             json("cycle"),
                                             json("x_unknown"),
                                             json::array(),
                                             json::object(),
                                             json(true),
                                             json(1e9),
                                             json("lookup(nope, 1)"),
                                             json("p + q + r"),
                                             json("999999999")};
  json* cur = &j;
  for (int depth = 0; depth < 12; ++depth) {
    if (cur->is_object() && !cur->empty()) {
      auto it = cur->begin();
      std::advance(it, static_cast<long>(rng() % cur->size()));
      if (rng() % 4 == 0) {
        *it = kHostile[rng() % kHostile.size()];
        return;
      }
      cur = &*it;
    } else if (cur->is_array() && !cur->empty()) {
      cur = &(*cur)[rng() % cur->size()];
    } else {
      break;
    }
  }
  *cur = kHostile[rng() % kHostile.size()];
}

TEST(Robustness, MutatedSpecsNeverCrash) {
  std::mt19937_64 rng(20241124);
  std::printf("seed 20241124\n");
  int loaded = 0, rejected = 0;
  for (const auto& e : std::filesystem::directory_iterator(YIGONG_VALUE_REFERENCE_DIR)) {
    std::ifstream in(e.path());
    json spec = json::parse(in)["spec"];
    for (int i = 0; i < 400; ++i) {
      json m = spec;
      for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) mutate(m, rng);
      auto model = load_model(m);
      if (!model) {
        ++rejected;
        EXPECT_EQ(model.error().code, ErrorCode::invalid);
        // The loaders check types themselves; the exception safety net should stay unused.
        EXPECT_EQ(model.error().message.rfind("malformed model spec", 0), std::string::npos)
            << model.error().message;
        continue;
      }
      ++loaded;
      auto base = run_base_case(*model);
      if (!base) {
        EXPECT_TRUE(base.error().code == ErrorCode::unprocessable ||
                    base.error().code == ErrorCode::invalid)
            << base.error().message;
      }
    }
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace yigong::value
