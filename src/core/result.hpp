// Result<T>: a value or an Error. Every fallible function in yigong returns one.
#pragma once

#include <tl/expected.hpp>

#include "core/error.hpp"

namespace yigong {

template <typename T>
using Result = tl::expected<T, Error>;

// Result<void> success value: `return ok();`
inline Result<void> ok() { return {}; }

// Wraps an error for return from a function whose type is Result<T>.
inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace yigong

// Propagates an error from a Result-returning expression; yields nothing on success.
#define YG_TRY_CONCAT_(a, b) a##b
#define YG_TRY_NAME_(line) YG_TRY_CONCAT_(yg_try_result_, line)
#define YG_TRY(expr) YG_TRY_IMPL_(expr, YG_TRY_NAME_(__COUNTER__))
#define YG_TRY_IMPL_(expr, var)                              \
  do {                                                       \
    auto var = (expr);                                       \
    if (!var) return ::yigong::fail(std::move(var.error())); \
  } while (0)
