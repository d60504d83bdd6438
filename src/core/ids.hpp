// Strong id types: a NeedId cannot be passed where an OrgId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <string>

namespace yigong {

// Immutable value. 0 means "none".
template <typename Tag>
struct Id {
  std::int64_t value = 0;
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  constexpr explicit operator bool() const { return value != 0; }
  auto operator<=>(const Id&) const = default;
  std::string str() const { return std::to_string(value); }
};

using TenantId = Id<struct TenantTag>;
using UserId = Id<struct UserTag>;
using OrgId = Id<struct OrgTag>;
using PersonId = Id<struct PersonTag>;
using NeedId = Id<struct NeedTag>;
using CapabilityId = Id<struct CapabilityTag>;
using RecordId = Id<struct RecordTag>;  // id of a record whose kind is carried separately

}  // namespace yigong

template <typename Tag>
struct std::hash<yigong::Id<Tag>> {
  size_t operator()(const yigong::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
