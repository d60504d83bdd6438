// The states calls and proposals move through, and which moves are legal.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace yigong::review {

// draft → open → closed → in_review → decided → archived.
enum class CallState { draft, open, closed, in_review, decided, archived };
// draft → submitted → awarded | rejected; withdrawn from draft or submitted.
enum class ProposalState { draft, submitted, withdrawn, awarded, rejected };
enum class CallKind { challenge, funding };

std::string_view name(CallState s);
std::optional<CallState> parse_CallState(std::string_view s);
std::span<const std::string_view> names_of_CallState();
std::string_view name(ProposalState s);
std::optional<ProposalState> parse_ProposalState(std::string_view s);
std::string_view name(CallKind k);
std::optional<CallKind> parse_CallKind(std::string_view s);
std::span<const std::string_view> names_of_CallKind();

// The state a call may move to next (nullopt from archived).
std::optional<CallState> next_state(CallState from);

// ok when from → to is legal; Error::conflict naming the legal next state otherwise.
Result<void> check_call_transition(CallState from, CallState to);

// ok when a proposal may move from → to; Error::conflict otherwise.
Result<void> check_proposal_transition(ProposalState from, ProposalState to);

// Whether the call's rubric and review settings may still change.
bool review_settings_editable(CallState s);

}  // namespace yigong::review
