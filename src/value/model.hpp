// A compiled value model: parameters, strategies and one model kind, loaded from a JSON spec.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "value/distribution.hpp"
#include "value/expr.hpp"

namespace yigong::value {

// How a cycle's state membership is counted (docs/value-model.md, "Counting"). Cycle k = 1…N runs
// from trace row k−1 to row k.
enum class Counting : std::uint8_t {
  kBeginning,  // cycle k counts row k−1
  kEnd,        // cycle k counts row k
  kLifeTable,  // cycle k counts the mean of rows k−1 and k
  kHalfCycle,  // rows 0…N weighted ½, 1, …, 1, ½ (row t discounted at time t)
  kTrapezoid,  // same weights as half_cycle; kept as its own name for users of other tools
  kSimpson,    // rows weighted ⅓, then 4/3 on even rows and 2/3 on odd rows, ⅓ on row N
};

// One parameter's definition inside one strategy, in evaluation order.
struct Step {
  int slot = 0;
  Expr expr;
  bool time_dependent = false;  // reads cycle/age/time, directly or through other parameters
  bool sampled = false;         // PSA replaces it with a draw (not overridden by the strategy)
};

// Immutable.
struct Strategy {
  std::string name;
  std::vector<Step> steps;      // topological order
  std::vector<bool> slot_time;  // per slot: time-dependent in this strategy
};

// A source of random values in PSA: one distribution feeding one slot (or k for Dirichlet).
struct Sampled {
  Distribution dist;
  std::vector<int> slots;
  std::string path;
};

struct MarkovModel {
  struct Entry {
    int to = 0;
    Expr p;
    std::string path;
  };
  struct Row {
    std::vector<Entry> entries;  // explicit probabilities
    int complement = -1;         // state taking 1 − sum(entries), or −1
    std::string path;
  };
  struct TransitionReward {
    int reward = 0, from = -1, to = -1;  // −1 = any state
    Expr value;
  };
  std::vector<std::string> states;
  std::vector<Expr> initial;                     // per state
  std::vector<Row> rows;                         // per state
  std::vector<std::vector<Expr>> state_rewards;  // [reward][state], per year of cycle length
  std::vector<TransitionReward> transition_rewards;
  int cycles = 0;
  double cycle_length = 1;  // years
  double start_age = 0;
  std::vector<double> discount;  // per reward, annual rate
  Counting counting = Counting::kBeginning;
  bool discount_from_zero = false;  // discount_start "t-1": exponent k−1 instead of k
  bool reward_initial = true;       // whether trace row 0 earns rewards
  bool reads_time = false;          // a transition or reward expression reads cycle/age/time
};

struct TreeModel {
  struct Branch {
    std::string label;
    Expr p;
    bool complement = false;
    std::vector<Expr> rewards;  // per reward
    int child = -1;             // node index
    std::string path;
  };
  struct Node {
    enum class Kind : std::uint8_t { kChance, kDecision, kTerminal } kind = Kind::kTerminal;
    std::vector<Branch> branches;
    std::vector<Expr> rewards;  // terminal payoffs, per reward
    std::string path;
  };
  std::vector<Node> nodes;  // nodes[0] is the root
  bool root_is_decision = false;
};

// Strategy outcomes given directly (e.g. a published cost/effect table).
struct OutcomesModel {
  std::vector<std::vector<Expr>> values;  // [strategy][reward]
};

struct AnalysisSettings {
  int effect = 1;          // reward index of the effect used in incremental analysis
  double wtp = 50000;      // willingness to pay per unit effect
  std::int64_t draws = 0;  // PSA draws (0: none requested)
  std::uint64_t seed = 1;
  double wtp_min = 0, wtp_max = 100000, wtp_step = 1000;
  double population = 0;     // annual population for population EVPI
  double horizon_years = 1;  // decision horizon for population EVPI
  double population_discount = 0;
};

// An immutable, validated model. Thread-safe to evaluate from many threads.
struct Model {
  enum class Kind : std::uint8_t { kMarkov, kTree, kOutcomes } kind = Kind::kMarkov;
  std::string name;
  std::vector<std::string> rewards;  // rewards[0] is always "cost"
  std::vector<std::string> slot_names;
  std::vector<Table> tables;
  std::vector<Sampled> sampled;
  std::vector<Strategy> strategies;
  MarkovModel markov;
  TreeModel tree;
  OutcomesModel outcomes;
  AnalysisSettings analysis;

  int reward_index(std::string_view name) const;  // −1 if absent
};

// Size limits; specs beyond them are rejected with a path, never attempted.
inline constexpr int kMaxCycles = 100000;
inline constexpr int kMaxStates = 1000;
inline constexpr int kMaxParameters = 10000;
inline constexpr int kMaxStrategies = 1000;
inline constexpr int kMaxTreeNodes = 100000;
inline constexpr std::int64_t kMaxDraws = 10000000;

// Loads and validates a spec. Every error is invalid with `field` = the JSON path
// ("parameters.p_HD.distribution.alpha", "strategies[2].overrides.c_trt",
// "model.transitions.H.S1"). Value-dependent checks (probabilities in [0, 1], rows summing to 1)
// happen when the model is evaluated.
Result<Model> load_model(const nlohmann::json& spec);

}  // namespace yigong::value
