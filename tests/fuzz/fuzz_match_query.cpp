// libFuzzer target: any bytes as a search query against a small index built with the shipped
// thesaurus. Invalid UTF-8 must be Error::invalid; anything else must search without crashing,
// and every explanation must name concepts that exist.
#include <cstdlib>
#include <memory>
#include <string>

#include "core/utf8.hpp"
#include "match/engine.hpp"
#include "match/index.hpp"
#include "match/search.hpp"

namespace {

yigong::match::Index& index() {
  static std::unique_ptr<yigong::match::Index> idx = [] {
    auto sources = yigong::bridge::read_source_dir(YIGONG_SOURCE_DIR "/data/bridge");
    if (!sources) std::abort();
    auto thesaurus = yigong::bridge::Thesaurus::build(*sources);
    if (!thesaurus) std::abort();
    auto features = yigong::match::make_features(
        {}, std::make_shared<const yigong::bridge::Thesaurus>(std::move(*thesaurus)));
    if (!features) std::abort();
    auto opened = yigong::match::Index::open("", *features);
    if (!opened) std::abort();
    (void)(*opened)->put(
        {"capability:1", "capability", "脉冲电场消融导管", "PFA catheter, 心腔内超声"});
    (void)(*opened)->put({"need:2", "need", "房颤术后复发", "Atrial fibrillation recurrence"});
    (void)(*opened)->commit();
    return std::move(*opened);
  }();
  return *idx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  yigong::match::Query q;
  q.text.assign(reinterpret_cast<const char*>(data), size);
  q.bridging = yigong::match::Bridging::both;
  auto r = yigong::match::search(index(), q);
  if (!yigong::is_valid_utf8(q.text)) {
    if (r || r.error().code != yigong::ErrorCode::invalid) std::abort();
    return 0;
  }
  if (!r) std::abort();
  for (const auto& hit : r->hits) {
    for (const auto& c : hit.why.concepts) {
      if (c.id.empty()) std::abort();
    }
  }
  return 0;
}
