#include "review/lifecycle.hpp"

#include <array>
#include <string>

namespace yigong::review {
namespace {

constexpr std::array<std::string_view, 6> kCallStates = {"draft",     "open",    "closed",
                                                         "in_review", "decided", "archived"};
constexpr std::array<std::string_view, 5> kProposalStates = {"draft", "submitted", "withdrawn",
                                                             "awarded", "rejected"};
constexpr std::array<std::string_view, 2> kCallKinds = {"challenge", "funding"};

template <typename E, size_t N>
std::optional<E> find(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view name(CallState s) { return kCallStates.at(static_cast<size_t>(s)); }
std::optional<CallState> parse_CallState(std::string_view s) {
  return find<CallState>(kCallStates, s);
}
std::span<const std::string_view> names_of_CallState() { return kCallStates; }
std::string_view name(ProposalState s) { return kProposalStates.at(static_cast<size_t>(s)); }
std::optional<ProposalState> parse_ProposalState(std::string_view s) {
  return find<ProposalState>(kProposalStates, s);
}
std::string_view name(CallKind k) { return kCallKinds.at(static_cast<size_t>(k)); }
std::optional<CallKind> parse_CallKind(std::string_view s) { return find<CallKind>(kCallKinds, s); }
std::span<const std::string_view> names_of_CallKind() { return kCallKinds; }

std::optional<CallState> next_state(CallState from) {
  if (from == CallState::archived) return std::nullopt;
  return static_cast<CallState>(static_cast<int>(from) + 1);
}

Result<void> check_call_transition(CallState from, CallState to) {
  auto next = next_state(from);
  if (next && *next == to) return ok();
  std::string msg = "a call in state " + std::string(name(from)) + " cannot move to " +
                    std::string(name(to)) + "; ";
  msg += next ? "the next state is " + std::string(name(*next)) : "an archived call is final";
  return fail(Error::conflict(msg, "to"));
}

Result<void> check_proposal_transition(ProposalState from, ProposalState to) {
  using P = ProposalState;
  bool legal =
      (from == P::draft && (to == P::submitted || to == P::withdrawn)) ||
      (from == P::submitted && (to == P::withdrawn || to == P::awarded || to == P::rejected));
  if (legal) return ok();
  return fail(Error::conflict("a proposal in state " + std::string(name(from)) +
                              " cannot move to " + std::string(name(to))));
}

bool review_settings_editable(CallState s) {
  return s == CallState::draft || s == CallState::open || s == CallState::closed;
}

}  // namespace yigong::review
