// Matching benchmark: synthetic capability records built from the thesaurus vocabulary, indexed
// and queried by yigong and by Xapian's default pipeline in the same run; prints one table.
#include <sys/resource.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bridge/thesaurus.hpp"
#include "match/engine.hpp"
#include "match/index.hpp"
#include "match/search.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using yigong::bridge::Domain;

// ---- Options ----------------------------------------------------------------------------------

struct Options {
  size_t docs = 10000;
  size_t queries = 10000;
  size_t warmup = 500;
  size_t detail = 1000;  // queries for the secondary rows (variants, stages, throughput)
  std::string dir;       // empty: a fresh temp dir, removed at the end
  uint64_t seed = 42;
  size_t threads = 2;
  std::string thesaurus = "data/bridge";
  bool header = true;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "yigong_bench_match: %s\n"
               "usage: yigong_bench_match [--docs N=10000] [--queries N=10000] [--warmup N=500]\n"
               "  [--detail-queries N=1000 (variants, stages and throughput)]\n"
               "  [--dir PATH (kept)] [--seed S=42] [--threads-throughput T=2]\n"
               "  [--thesaurus DIR=data/bridge] [--no-header]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    auto number = [&]() -> uint64_t {
      const std::string v = value();
      char* end = nullptr;
      const uint64_t n = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0') usage("not a number");
      return n;
    };
    if (a == "--docs") {
      o.docs = number();
    } else if (a == "--queries") {
      o.queries = number();
    } else if (a == "--detail-queries") {
      o.detail = number();
    } else if (a == "--warmup") {
      o.warmup = number();
    } else if (a == "--dir") {
      o.dir = value();
    } else if (a == "--seed") {
      o.seed = number();
    } else if (a == "--threads-throughput") {
      o.threads = std::max<uint64_t>(1, number());
    } else if (a == "--thesaurus") {
      o.thesaurus = value();
    } else if (a == "--no-header") {
      o.header = false;
    } else {
      usage("unknown option");
    }
  }
  if (o.docs == 0 || o.queries == 0) usage("--docs and --queries must be positive");
  o.detail = std::clamp<size_t>(o.detail, 1, o.queries);
  return o;
}

// ---- Deterministic randomness -----------------------------------------------------------------

// splitmix64: seeds one generator per record, so record i is the same whichever pipeline asks.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(mix(seed)) {}
  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix(state_);
  }
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi].
  size_t between(size_t lo, size_t hi) { return lo + size_t(next() % (hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }

 private:
  uint64_t state_;
};

// Samples ranks 0..n-1 with probability ∝ 1 / (rank + 1)^s.
class Zipf {
 public:
  Zipf(size_t n, double s) : cdf_(n) {
    double total = 0;
    for (size_t r = 0; r < n; ++r) cdf_[r] = total += 1.0 / std::pow(double(r + 1), s);
    for (auto& c : cdf_) c /= total;
  }
  size_t operator()(Rng& rng) const {
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), rng.uniform());
    return std::min(size_t(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

// ---- Vocabulary -------------------------------------------------------------------------------

// Common words of capability descriptions and clinical requests, most frequent first; a long tail
// of made-up words follows them so that document frequencies spread like real text.
constexpr std::string_view kEnglishFiller =
    "the of and to in a for with on by is are we our system device method based using "
    "patient clinical data design high low performance accuracy real-time monitoring "
    "control module platform signal sensor analysis model process material structure "
    "surface flexible wireless portable low-cost integrated precision algorithm "
    "prototype validation testing manufacturing scale team laboratory university "
    "hospital research development technology application capability experience "
    "support provide improve reduce enable develop optimize measure detect deliver "
    "operate interface power battery energy thermal mechanical electrical optical "
    "acoustic digital network cloud mobile software hardware embedded circuit chip "
    "polymer coating metal ceramic fiber film micro nano fluid pressure flow "
    "temperature image dataset training deep learning neural automated assembly "
    "quality standard regulatory certification iso fda nmpa pilot production cost "
    "safety reliability durability biocompatible sterile implantable wearable "
    "minimally invasive need looking partner current problem time ward bedside nurse "
    "doctor workflow outcome risk early follow-up home rural elderly children";

constexpr std::string_view kChineseFiller =
    "的 和 在 与 及 对 进行 基于 采用 研究 开发 技术 系统 装置 方法 平台 模块 设计 实现 提高 "
    "降低 精度 性能 成本 实时 监测 控制 数据 分析 模型 算法 材料 结构 工艺 制造 生产 测试 "
    "验证 临床 医院 患者 团队 实验室 高校 企业 合作 转化 产业化 样机 试制 批量 质量 标准 注册 "
    "认证 安全 可靠 稳定 便携 无线 柔性 集成 微型 智能 自动化 精密 传感器 信号 图像 处理 识别 "
    "检测 诊断 治疗 应用 能力 经验 具有 提供 支持 优化 解决 问题 需求 方案 服务 领域 国内 "
    "国际 领先 专利 发明 授权 项目 国家 重点 资助 成果 论文 发表 已经 目前 可以 能够 通过 "
    "用于 针对 关键 核心 新型 高效 低功耗 电路 芯片 软件 硬件 嵌入式 云端 网络 通信 电池 能量 "
    "力学 光学 声学 流体 压力 温度 涂层 聚合物 金属 陶瓷 纤维 薄膜 纳米 加工 装配 机器人 训练 "
    "希望 寻找 病房 护士 医生 随访 基层 老年 儿童 风险 早期 流程 效率 费用 床旁 家庭";

constexpr std::string_view kSyllables =
    "ka lo mi ter vex dra sen pol qui ron tal zen bri cor fal gim hep jun lux mor nad "
    "pex ris sol tro ul ven wil xan yor";

// Common characters for the made-up Chinese tail (two characters a word).
constexpr std::string_view kHanzi =
    "电光声热力磁波频谱相位阵列探针导管支架泵阀膜片线圈电极芯片模组封装焊接涂覆注塑冲压激光超"
    "微纳米柔刚弹塑硬软干湿冷温高低快慢强弱精粗细厚薄轻重长短宽窄深浅圆方平曲直环网格层";

std::vector<std::string> words_of(std::string_view list) {
  std::vector<std::string> words;
  size_t from = 0;
  while (from < list.size()) {
    size_t to = list.find(' ', from);
    if (to == std::string_view::npos) to = list.size();
    if (to > from) words.emplace_back(list.substr(from, to - from));
    from = to + 1;
  }
  return words;
}

std::vector<std::string> hanzi_chars() {
  std::vector<std::string> chars;
  for (size_t i = 0; i < kHanzi.size(); i += 3) chars.emplace_back(kHanzi.substr(i, 3));
  return chars;
}

struct Vocabulary {
  std::vector<std::string> en, zh;  // filler, most frequent first
  std::vector<std::vector<std::string>> engineering_zh, engineering_en, clinical_zh, clinical_en;
};

Vocabulary make_vocabulary(const yigong::bridge::Thesaurus& thesaurus, uint64_t seed) {
  Vocabulary v;
  constexpr size_t kTail = 30000;
  v.en = words_of(kEnglishFiller);
  v.zh = words_of(kChineseFiller);
  const std::vector<std::string> syllables = words_of(kSyllables);
  Rng rng(seed ^ 0x766f636162ULL);
  std::set<std::string> seen(v.en.begin(), v.en.end());
  while (v.en.size() < kTail) {
    std::string w;
    const size_t n = rng.between(2, 4);
    for (size_t i = 0; i < n; ++i) w += syllables[rng.between(0, syllables.size() - 1)];
    if (seen.insert(w).second) v.en.push_back(w);
  }
  const auto chars = hanzi_chars();
  seen.clear();
  seen.insert(v.zh.begin(), v.zh.end());
  while (v.zh.size() < kTail) {
    std::string w =
        chars[rng.between(0, chars.size() - 1)] + chars[rng.between(0, chars.size() - 1)];
    if (rng.chance(0.3)) w += chars[rng.between(0, chars.size() - 1)];
    if (seen.insert(w).second) v.zh.push_back(w);
  }
  // Concepts in a seeded order, so that Zipf ranks make some concepts popular and most rare.
  std::vector<uint32_t> order(thesaurus.concepts().size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.between(0, i - 1)]);
  for (uint32_t i : order) {
    const auto& c = thesaurus.concepts()[i];
    const bool engineering = c.domain == Domain::engineering;
    (engineering ? v.engineering_zh : v.clinical_zh).push_back(c.zh);
    (engineering ? v.engineering_en : v.clinical_en).push_back(c.en);
  }
  return v;
}

// Builds texts from the vocabulary: Chinese runs written without spaces, English with.
class TextMaker {
 public:
  explicit TextMaker(const Vocabulary& v)
      : v_(v),
        zipf_en_(v.en.size(), 1.05),
        zipf_zh_(v.zh.size(), 1.05),
        zipf_eng_(v.engineering_en.size(), 0.9),
        zipf_cli_(v.clinical_en.size(), 0.9) {}

  // words: how many tokens; p_zh: chance each token is Chinese; p_eng / p_cli: chance a token is an
  // engineering / clinical concept label rather than filler.
  std::string make(Rng& rng, size_t words, double p_zh, double p_eng, double p_cli) const {
    std::string out;
    bool last_zh = false;
    for (size_t i = 0; i < words; ++i) {
      const bool zh = rng.chance(p_zh);
      const double pick = rng.uniform();
      std::string_view token;
      if (pick < p_eng) {
        token = label(rng, zh ? v_.engineering_zh : v_.engineering_en, zipf_eng_);
      } else if (pick < p_eng + p_cli) {
        token = label(rng, zh ? v_.clinical_zh : v_.clinical_en, zipf_cli_);
      } else {
        token = zh ? v_.zh[zipf_zh_(rng)] : v_.en[zipf_en_(rng)];
      }
      if (!out.empty() && !(zh && last_zh)) out += ' ';
      out += token;
      if (rng.chance(0.08)) out += zh ? "，" : ",";
      last_zh = zh;
    }
    out += last_zh ? "。" : ".";
    return out;
  }

 private:
  static std::string_view label(Rng& rng, const std::vector<std::vector<std::string>>& labels,
                                const Zipf& zipf) {
    const auto& choices = labels[zipf(rng)];
    // The preferred label half the time, otherwise any synonym.
    return rng.chance(0.5) ? choices.front() : choices[rng.between(0, choices.size() - 1)];
  }
  const Vocabulary& v_;
  Zipf zipf_en_, zipf_zh_, zipf_eng_, zipf_cli_;
};

// "t" + 2 → "t2" (spelt out: GCC 12 warns falsely on "literal" + std::string&&).
std::string numbered(std::string_view prefix, size_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

// One synthetic capability record; record i depends only on (seed, i).
yigong::match::IndexDocument make_record(const TextMaker& maker, uint64_t seed, size_t i) {
  Rng rng(seed * 0x100000001b3ULL + i);
  const double lang = rng.uniform();
  const double p_zh = lang < 0.5 ? 0.9 : lang < 0.85 ? 0.1 : 0.5;  // mostly zh, mostly en, mixed
  yigong::match::IndexDocument d;
  d.id = numbered("capability:", i);
  d.kind = "capability";
  d.title = maker.make(rng, rng.between(4, 12), p_zh, 0.3, 0.05);
  d.body = maker.make(rng, rng.between(30, 120), p_zh, 0.1, 0.03);
  d.tenant = numbered("t", rng.between(0, 2));
  d.tier = numbered("tier", rng.between(1, 4));
  d.org_type = numbered("org", rng.between(1, 6));
  d.region = numbered("r", rng.between(1, 8));
  d.trl = int(rng.between(1, 9));
  d.prior = rng.chance(0.7) ? rng.uniform() : 0.0;
  return d;
}

struct QuerySpec {
  std::string text;
  std::string tenant;
  int trl_min = 1;
};

// A clinician's need: clinical labels and everyday words, now and then an engineering term.
std::vector<QuerySpec> make_queries(const TextMaker& maker, uint64_t seed, size_t n) {
  std::vector<QuerySpec> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Rng rng(mix(seed ^ 0x7175657279ULL) + i);
    const double p_zh = rng.chance(0.55) ? 0.9 : 0.1;
    QuerySpec q;
    q.text = maker.make(rng, rng.between(10, 40), p_zh, 0.05, 0.25);
    q.tenant = numbered("t", rng.between(0, 2));
    q.trl_min = int(rng.between(1, 6));
    out.push_back(std::move(q));
  }
  return out;
}

// ---- Thesaurus --------------------------------------------------------------------------------

// Loads the thesaurus; labels that collide after analysis (as when data/bridge is mid-edit) are
// dropped, and concepts left without a label in either language are dropped with their links.
std::shared_ptr<const yigong::bridge::Thesaurus> load_thesaurus(const std::string& dir) {
  namespace bridge = yigong::bridge;
  namespace text = yigong::text;
  auto sources = bridge::read_source_dir(dir);
  if (!sources) {
    std::fprintf(stderr, "thesaurus %s: %s\n", dir.c_str(), sources.error().message.c_str());
    std::exit(1);
  }
  auto normalizer = text::Normalizer::create({});
  if (!normalizer) {
    std::fprintf(stderr, "normaliser: %s\n", normalizer.error().message.c_str());
    std::exit(1);
  }
  // The recogniser analyses labels with ICU segmentation (match/engine.cpp).
  text::AnalyzerOptions icu;
  icu.segmentation = text::CjkSegmentation::icu;
  const text::Analyzer analyzer(*normalizer, icu);
  std::unordered_map<std::string, std::string> owner;  // label stream → concept id
  std::set<std::string> dropped_concepts;
  size_t dropped_labels = 0;
  auto keep = [&](const std::string& id, std::vector<std::string>& labels) {
    std::vector<std::string> kept;
    for (auto& label : labels) {
      auto a = analyzer.analyze(label);
      if (!a || a->stream.empty()) {
        ++dropped_labels;
        continue;
      }
      auto [it, inserted] = owner.emplace(a->stream, id);
      if (!inserted && it->second != id) {
        ++dropped_labels;
        continue;
      }
      kept.push_back(std::move(label));
    }
    labels = std::move(kept);
  };
  for (auto& source : *sources) {
    std::vector<bridge::ConceptInput> concepts;
    for (auto& c : source.concepts) {
      keep(c.id, c.zh);
      keep(c.id, c.en);
      if (c.zh.empty() || c.en.empty()) {
        dropped_concepts.insert(c.id);
      } else {
        concepts.push_back(std::move(c));
      }
    }
    source.concepts = std::move(concepts);
  }
  for (auto& source : *sources) {
    std::erase_if(source.links, [&](const bridge::LinkInput& l) {
      return dropped_concepts.count(l.from) > 0 || dropped_concepts.count(l.to) > 0;
    });
  }
  if (dropped_labels > 0) {
    std::fprintf(stderr, "thesaurus: dropped %zu colliding labels and %zu concepts\n",
                 dropped_labels, dropped_concepts.size());
  }
  auto built = bridge::Thesaurus::build(*sources);
  if (!built) {
    std::fprintf(stderr, "thesaurus %s: %s\n", dir.c_str(), built.error().message.c_str());
    std::exit(1);
  }
  return std::make_shared<const bridge::Thesaurus>(std::move(*built));
}

// ---- Measurement helpers ----------------------------------------------------------------------

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Latency {
  double p50 = 0, p90 = 0, p99 = 0, mean = 0;
};

Latency summarise(std::vector<double> ms) {
  Latency l;
  if (ms.empty()) return l;
  std::sort(ms.begin(), ms.end());
  auto at = [&](double p) {
    const size_t rank = size_t(std::ceil(p * double(ms.size())));
    return ms[std::clamp<size_t>(rank, 1, ms.size()) - 1];
  };
  l.p50 = at(0.50);
  l.p90 = at(0.90);
  l.p99 = at(0.99);
  double total = 0;
  for (double x : ms) total += x;
  l.mean = total / double(ms.size());
  return l;
}

// Times fn(i) for every query after `warmup` untimed calls.
Latency time_queries(size_t n, size_t warmup, const std::function<void(size_t)>& fn) {
  for (size_t i = 0; i < warmup; ++i) fn(i % n);
  std::vector<double> ms(n);
  for (size_t i = 0; i < n; ++i) {
    const auto start = Clock::now();
    fn(i);
    ms[i] = ms_since(start);
  }
  return summarise(std::move(ms));
}

// Queries per second with `threads` threads sharing the n queries; make_worker gives each thread
// its own callable (and so its own Xapian reader where a pipeline needs one).
double throughput(size_t n, size_t threads,
                  const std::function<std::function<void(size_t)>()>& make_worker) {
  std::vector<std::function<void(size_t)>> workers;
  for (size_t t = 0; t < threads; ++t) {
    workers.push_back(make_worker());
    for (size_t i = 0; i < std::min<size_t>(n, 50); ++i) workers.back()(i);  // warm its reader
  }
  std::atomic<size_t> next{0};
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = next++; i < n; i = next++) workers[t](i);
    });
  }
  for (auto& th : pool) th.join();
  return double(n) / (ms_since(start) / 1000.0);
}

uint64_t dir_bytes(const fs::path& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

// Resets the peak-RSS mark (Linux ≥ 4.0), so each phase reports its own peak.
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;
}

// ---- Table ------------------------------------------------------------------------------------

struct Row {
  std::string pipeline;
  std::string docs_per_s, index_mb, rss_mb;  // indexing rows
  Latency latency;                           // query rows
  double qps = 0;
  bool query = false;
};

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

void print_table(const Options& o, const std::vector<Row>& rows, double baseline_p50) {
  if (o.header) {
    std::printf(
        "| docs | pipeline | index docs/s | index MB | peak RSS MB | p50 ms | p90 ms | p99 ms | "
        "mean ms | q/s | p50 vs xapian |\n"
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  }
  for (const auto& r : rows) {
    std::printf("| %zu | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", o.docs,
                r.pipeline.c_str(), r.docs_per_s.c_str(), r.index_mb.c_str(), r.rss_mb.c_str(),
                r.query ? fixed(r.latency.p50, 2).c_str() : "",
                r.query ? fixed(r.latency.p90, 2).c_str() : "",
                r.query ? fixed(r.latency.p99, 2).c_str() : "",
                r.query ? fixed(r.latency.mean, 2).c_str() : "",
                r.qps > 0 ? fixed(r.qps, 0).c_str() : "",
                r.query && baseline_p50 > 0 && r.latency.p50 > 0
                    ? (fixed(r.latency.p50 / baseline_p50, 2) + "×").c_str()
                    : "");
  }
  std::fflush(stdout);
}

// ---- Xapian's default pipeline (the baseline) -------------------------------------------------

constexpr size_t kBaselineTerms = 12;      // the baseline: an OR of 12 terms
constexpr Xapian::valueno kTrlSlot = 0;    // mirrors match/detail/index_impl.hpp
constexpr Xapian::valueno kPriorSlot = 1;  // mirrors match/detail/index_impl.hpp

class Baseline {
 public:
  explicit Baseline(const std::string& path) : db_(path) {
    qp_.set_stemmer(Xapian::Stem("english"));
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp_.set_default_op(Xapian::Query::OP_OR);
    qp_.set_database(db_);
  }

  // QueryParser's terms in query order, the first 12 distinct ones ORed, BM25, top 10.
  size_t search(const QuerySpec& q, bool filtered) {
    Xapian::Query parsed;
    try {
      parsed = qp_.parse_query(q.text, kFlags);
    } catch (const Xapian::QueryParserError&) {
      // Xapian 1.4.22 rejects a CJK run between two Latin words ("x 缺乏 y") under
      // FLAG_CJK_NGRAM; parsing each space-separated piece gives the same terms in the same order.
      ++fallbacks_;
      std::vector<Xapian::Query> pieces;
      size_t from = 0;
      while (from < q.text.size()) {
        size_t to = q.text.find(' ', from);
        if (to == std::string::npos) to = q.text.size();
        if (to > from) pieces.push_back(qp_.parse_query(q.text.substr(from, to - from), kFlags));
        from = to + 1;
      }
      parsed = Xapian::Query(Xapian::Query::OP_OR, pieces.begin(), pieces.end());
    }
    std::vector<std::string> terms;
    for (auto t = parsed.get_terms_begin(); t != parsed.get_terms_end(); ++t) {
      if (std::find(terms.begin(), terms.end(), *t) == terms.end()) terms.push_back(*t);
      if (terms.size() == kBaselineTerms) break;
    }
    Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    if (filtered) {
      const Xapian::Query filters[] = {Xapian::Query("XKcapability"),
                                       Xapian::Query("XT" + q.tenant),
                                       Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kTrlSlot,
                                                     Xapian::sortable_serialise(q.trl_min),
                                                     Xapian::sortable_serialise(q.trl_min + 3))};
      query = Xapian::Query(
          Xapian::Query::OP_FILTER, query,
          Xapian::Query(Xapian::Query::OP_AND, std::begin(filters), std::end(filters)));
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it)
      bytes += it.get_document().get_data().size();
    return bytes;
  }

  size_t fallbacks() const { return fallbacks_; }

 private:
  // Words only: user text is not query syntax (FLAG_DEFAULT would read "-", quotes and AND).
  static constexpr unsigned kFlags = Xapian::QueryParser::FLAG_CJK_NGRAM;
  size_t fallbacks_ = 0;
  Xapian::Database db_;
  Xapian::QueryParser qp_;
};

Xapian::Document baseline_document(Xapian::TermGenerator& tg,
                                   const yigong::match::IndexDocument& d) {
  Xapian::Document doc;
  tg.set_document(doc);
  // Without positions, like yigong's index: the OR query never reads them.
  tg.index_text_without_positions(d.title);
  tg.index_text_without_positions(d.body);
  doc.add_boolean_term("Q" + d.id);
  doc.add_boolean_term("XK" + d.kind);
  doc.add_boolean_term("XT" + d.tenant);
  doc.add_value(kTrlSlot, Xapian::sortable_serialise(*d.trl));
  doc.set_data(d.id);
  return doc;
}

// ---- yigong's query, rebuilt step by step to see where its time goes --------------------------

// The stages of match::search, timed one by one over the public API and the index files: feature
// extraction, term building and selection (get_termfreq per term), the two channel get_msets at
// the fusion depth, and the per-hit document data and matching terms of the explanations.
struct Stages {
  std::vector<double> extract, select, lexical, concepts, hits;
};

class StagedSearch {
 public:
  StagedSearch(const std::string& path, const yigong::match::FeatureExtractor& features)
      : db_(path), features_(features) {}

  void run(const std::string& text, Stages& s) {
    namespace match = yigong::match;
    const yigong::match::Query defaults;
    auto t0 = Clock::now();
    auto f = features_.extract(text);
    s.extract.push_back(ms_since(t0));
    if (!f) return;
    t0 = Clock::now();
    struct Term {
      std::string term;
      double scale;
      unsigned wqf;
      bool concept_;
    };
    std::vector<Term> terms;
    std::unordered_map<std::string, size_t> at;
    auto add = [&](Term t) {
      auto [it, inserted] = at.emplace(t.term, terms.size());
      if (inserted) {
        terms.push_back(std::move(t));
      } else {
        terms[it->second].wqf += t.wqf;
      }
    };
    for (const auto& w : f->words) {
      add({std::string(match::prefix::word) + w.term, defaults.weights.word, 1, false});
    }
    for (const auto& b : f->bigrams) {
      add({std::string(match::prefix::bigram) + b.term, defaults.weights.bigram, 1, false});
    }
    const auto* recognizer = features_.concepts();
    if (recognizer) {
      const auto& concepts = recognizer->thesaurus().concepts();
      for (const auto& c : f->concepts) {
        add({std::string(match::prefix::concept_) + concepts[c.concept_index].id,
             defaults.weights.concept_, c.count, true});
      }
      for (const auto& b :
           recognizer->bridge(f->concepts, yigong::bridge::Direction::to_engineering)) {
        const std::string term =
            std::string(match::prefix::concept_) + concepts[b.concept_index].id;
        if (at.emplace(term, terms.size()).second) {
          terms.push_back({term, defaults.weights.bridged * b.weight, 1, true});
        }
      }
    }
    const double n = std::max<double>(1, db_.get_doccount());
    std::vector<std::pair<double, size_t>> ranked;
    for (size_t i = 0; i < terms.size(); ++i) {
      const double df = db_.get_termfreq(terms[i].term);
      if (df == 0) continue;
      const double idf = std::log((n - df + 0.5) / (df + 0.5) + 1.0);
      ranked.emplace_back(terms[i].scale * idf * std::min<double>(terms[i].wqf, 3), i);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    if (ranked.size() > defaults.max_terms) ranked.resize(defaults.max_terms);
    s.select.push_back(ms_since(t0));
    double hits_ms = 0;
    std::vector<Xapian::docid> pool;
    for (bool concept_channel : {false, true}) {
      t0 = Clock::now();
      std::vector<Xapian::Query> parts;
      for (const auto& [score, i] : ranked) {
        if (terms[i].concept_ != concept_channel) continue;
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                           Xapian::Query(terms[i].term, terms[i].wqf), terms[i].scale);
      }
      Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
      Xapian::ValueWeightPostingSource prior(kPriorSlot);
      if (!concept_channel && !query.empty()) {
        query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(&prior),
                                            defaults.weights.prior));
      }
      Xapian::MSet mset;
      Xapian::Enquire enquire(db_);
      if (!query.empty()) {
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        mset = enquire.get_mset(0, Xapian::doccount(defaults.weights.candidates));
      }
      (concept_channel ? s.concepts : s.lexical).push_back(ms_since(t0));
      for (auto it = mset.begin(); it != mset.end(); ++it) pool.push_back(*it);
    }
    // What search() does after the two fetches: concept agreement from every pooled candidate's
    // concept list, then data and explanation (term list) of the 10 hits returned.
    t0 = Clock::now();
    std::sort(pool.begin(), pool.end());
    pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
    size_t sink = 0;
    for (Xapian::docid id : pool) {
      // The concept list search() keeps in value slot 2 of every document.
      sink += db_.get_document(id, Xapian::DOC_ASSUME_VALID).get_value(2).size();
    }
    for (size_t i = 0; i < std::min<size_t>(pool.size(), 10); ++i) {
      sink += db_.get_document(pool[i]).get_data().size();
      for (auto t = db_.termlist_begin(pool[i]); t != db_.termlist_end(pool[i]); ++t) {
        sink += (*t).size();
      }
    }
    sink_ += sink;
    hits_ms += ms_since(t0);
    s.hits.push_back(hits_ms);
  }

 private:
  Xapian::Database db_;
  const yigong::match::FeatureExtractor& features_;
  size_t sink_ = 0;
};

// ---- The run ----------------------------------------------------------------------------------

int run(const Options& o) {
  namespace match = yigong::match;
  const auto thesaurus = load_thesaurus(o.thesaurus);
  auto features = match::make_features({}, thesaurus);
  if (!features) {
    std::fprintf(stderr, "features: %s\n", features.error().message.c_str());
    return 1;
  }
  const Vocabulary vocabulary = make_vocabulary(*thesaurus, o.seed);
  const TextMaker maker(vocabulary);

  const bool temp = o.dir.empty();
  const fs::path dir =
      temp ? fs::temp_directory_path() / ("yigong_bench_match." + std::to_string(::getpid()))
           : fs::path(o.dir);
  const std::string yigong_path = (dir / "yigong").string();
  const std::string xapian_path = (dir / "xapian").string();
  // Only the two index folders are replaced: --dir may name a folder that holds other things.
  fs::create_directories(dir);
  fs::remove_all(yigong_path);
  fs::remove_all(xapian_path);
  // Declared before the indexes, so they are closed before their temp dir goes.
  struct RemoveTemp {
    fs::path path;
    ~RemoveTemp() {
      std::error_code ignored;
      if (!path.empty()) fs::remove_all(path, ignored);
    }
  } remove_temp{temp ? dir : fs::path()};
  std::fprintf(stderr, "bench: %zu docs, %zu queries, seed %llu, dir %s\n", o.docs, o.queries,
               static_cast<unsigned long long>(o.seed), dir.c_str());

  std::vector<Row> rows;
  constexpr size_t kCommitEvery = 10000;

  // (a) + (b): generate and index with yigong.
  double generate_ms = 0;
  {
    auto start = Clock::now();
    for (size_t i = 0; i < std::min<size_t>(o.docs, 2000); ++i) make_record(maker, o.seed, i);
    generate_ms = ms_since(start) / double(std::min<size_t>(o.docs, 2000)) * double(o.docs);
  }
  reset_peak_rss();
  double yigong_index_ms = 0;
  {
    auto index = match::Index::open(yigong_path, *features);
    if (!index) {
      std::fprintf(stderr, "index: %s\n", index.error().message.c_str());
      return 1;
    }
    const auto start = Clock::now();
    for (size_t i = 0; i < o.docs; ++i) {
      if (auto put = (*index)->put(make_record(maker, o.seed, i)); !put) {
        std::fprintf(stderr, "put: %s\n", put.error().message.c_str());
        return 1;
      }
      if ((i + 1) % kCommitEvery == 0 || i + 1 == o.docs) {
        if (auto c = (*index)->commit(); !c) {
          std::fprintf(stderr, "commit: %s\n", c.error().message.c_str());
          return 1;
        }
        if ((i + 1) % 100000 == 0) std::fprintf(stderr, "  yigong indexed %zu\n", i + 1);
      }
    }
    yigong_index_ms = ms_since(start) - generate_ms;
  }
  std::fprintf(stderr, "  yigong index: %.0f docs/s\n",
               double(o.docs) / (yigong_index_ms / 1000.0));
  rows.push_back({"yigong index (Index::put, commit/10k)",
                  fixed(double(o.docs) / (yigong_index_ms / 1000.0), 0),
                  fixed(double(dir_bytes(yigong_path)) / 1048576.0, 1),
                  fixed(peak_rss_mb(), 0),
                  {},
                  0,
                  false});

  {
    // Where indexing time goes: the two feature extractions per record, on a sample.
    const size_t sample = std::min<size_t>(o.docs, 5000);
    const auto start = Clock::now();
    for (size_t i = 0; i < sample; ++i) {
      const auto d = make_record(maker, o.seed, i);
      if (!(*features)->extract(d.title) || !(*features)->extract(d.body)) return 1;
    }
    const double per_doc = ms_since(start) / double(sample) - generate_ms / double(o.docs);
    rows.push_back({"  stage: feature extraction only (title + body)",
                    fixed(1000.0 / per_doc, 0),
                    "",
                    "",
                    {},
                    0,
                    false});
  }

  reset_peak_rss();
  {
    Xapian::WritableDatabase db(xapian_path, Xapian::DB_CREATE_OR_OPEN);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    const auto start = Clock::now();
    for (size_t i = 0; i < o.docs; ++i) {
      db.add_document(baseline_document(tg, make_record(maker, o.seed, i)));
      if ((i + 1) % kCommitEvery == 0) db.commit();
    }
    db.commit();
    const double ms = ms_since(start) - generate_ms;
    rows.push_back({"xapian default index (TermGenerator CJK n-gram)",
                    fixed(double(o.docs) / (ms / 1000.0), 0),
                    fixed(double(dir_bytes(xapian_path)) / 1048576.0, 1),
                    fixed(peak_rss_mb(), 0),
                    {},
                    0,
                    false});
  }

  // (c) single-thread latency of each pipeline, each after its own warm-up.
  const auto queries = make_queries(maker, o.seed, o.queries);
  auto index = match::Index::open(yigong_path, *features);
  if (!index) {
    std::fprintf(stderr, "index: %s\n", index.error().message.c_str());
    return 1;
  }
  size_t hits = 0;
  std::atomic<size_t> failures{0};
  auto yigong_query = [&](size_t i, int variant) {
    match::Query q;
    q.text = queries[i].text;
    q.limit = 10;
    if (variant == 1) {
      q.filters.kinds = {"capability"};
      q.filters.tenant = queries[i].tenant;
      q.filters.trl_min = queries[i].trl_min;
      q.filters.trl_max = queries[i].trl_min + 3;
    } else if (variant == 2) {
      q.max_terms = 0;
    } else if (variant == 3) {
      q.weights.channel = 0;
    }
    return q;
  };
  auto time_yigong = [&](const std::string& name, int variant, size_t n) {
    Row r{name + " [" + std::to_string(n) + " q]", "", "", "", {}, 0, true};
    r.latency = time_queries(n, o.warmup, [&](size_t i) {
      auto res = match::search(**index, yigong_query(i, variant));
      if (res) {
        hits += res->hits.size();
      } else {
        ++failures;
      }
    });
    r.qps = 1000.0 / r.latency.mean;
    std::fprintf(stderr, "  %s: p50 %.2f ms\n", name.c_str(), r.latency.p50);
    return r;
  };
  std::vector<Row> query_rows;
  query_rows.push_back(time_yigong("yigong default (max_terms 24, fusion @100)", 0, o.queries));
  if (o.threads > 1) {
    Row r{"yigong default, " + std::to_string(o.threads) + " threads (throughput) [" +
              std::to_string(o.detail) + " q]",
          "",
          "",
          "",
          {},
          0,
          false};
    r.qps = throughput(o.detail, o.threads, [&]() -> std::function<void(size_t)> {
      return [&](size_t i) {
        auto res = match::search(**index, yigong_query(i, 0));
        if (!res) ++failures;
      };
    });
    query_rows.push_back(r);
  }
  query_rows.push_back(time_yigong("yigong + filters (tenant, kind, trl range)", 1, o.queries));
  query_rows.push_back(time_yigong("yigong max_terms 0 (all terms)", 2, o.detail));
  query_rows.push_back(time_yigong("yigong channel 0 (one BM25, no fusion)", 3, o.detail));

  // Where the time of the default query goes.
  {
    StagedSearch staged(yigong_path, **features);
    Stages warm, s;
    for (size_t i = 0; i < o.warmup; ++i) staged.run(queries[i % o.queries].text, warm);
    std::vector<double> total;
    for (size_t i = 0; i < o.detail; ++i) {
      const auto start = Clock::now();
      staged.run(queries[i].text, s);
      total.push_back(ms_since(start));
    }
    auto stage = [&](const std::string& name, std::vector<double> ms) {
      Row r{"  stage: " + name + " [" + std::to_string(o.detail) + " q]",
            "",
            "",
            "",
            summarise(std::move(ms)),
            0,
            true};
      query_rows.push_back(r);
    };
    stage("feature extraction (FeatureExtractor::extract)", s.extract);
    stage("term building + selection (get_termfreq)", s.select);
    stage("lexical channel get_mset(0, 100) + prior", s.lexical);
    stage("concept channel get_mset(0, 100)", s.concepts);
    stage("agreement (≤200 concept values) + 10 explanations", s.hits);
    stage("sum of stages (rebuilt outside the library)", total);
  }

  Baseline baseline(xapian_path);
  size_t sink = 0;
  Row base{"xapian default (QueryParser CJK n-gram, OR of 12 terms) [" + std::to_string(o.queries) +
               " q]",
           "",
           "",
           "",
           {},
           0,
           true};
  base.latency = time_queries(o.queries, o.warmup,
                              [&](size_t i) { sink += baseline.search(queries[i], false); });
  base.qps = 1000.0 / base.latency.mean;
  std::fprintf(stderr, "  xapian default: p50 %.2f ms (%zu queries parsed piece by piece)\n",
               base.latency.p50, baseline.fallbacks());
  Row base_f{
      "xapian default + filters [" + std::to_string(o.queries) + " q]", "", "", "", {}, 0, true};
  base_f.latency = time_queries(o.queries, o.warmup,
                                [&](size_t i) { sink += baseline.search(queries[i], true); });
  base_f.qps = 1000.0 / base_f.latency.mean;
  query_rows.push_back(base);
  query_rows.push_back(base_f);
  if (o.threads > 1) {
    Row r{"xapian default, " + std::to_string(o.threads) + " threads (throughput) [" +
              std::to_string(o.detail) + " q]",
          "",
          "",
          "",
          {},
          0,
          false};
    r.qps = throughput(o.detail, o.threads, [&]() -> std::function<void(size_t)> {
      auto b = std::make_shared<Baseline>(xapian_path);
      return [&, b](size_t i) { b->search(queries[i], false); };
    });
    query_rows.push_back(r);
  }
  rows.insert(rows.end(), query_rows.begin(), query_rows.end());
  print_table(o, rows, base.latency.p50);
  std::fprintf(stderr, "bench: %zu yigong hits, %zu failed searches, corpus generation %.0f ms\n",
               hits, failures.load(), generate_ms);

  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "xapian: %s\n", e.get_description().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
