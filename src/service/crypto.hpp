// Cryptographic primitives over libsodium: random tokens, SHA-256, argon2id password hashes.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace yigong::service {

// Initialises libsodium; call once before any other function here. Thread-safe, idempotent.
Result<void> crypto_init();

// A URL-safe random token carrying `bytes` bytes of entropy (hex encoded).
std::string random_token(size_t bytes = 32);

// Lower-case hex SHA-256 of data.
std::string sha256_hex(std::string_view data);

// argon2id encoded hash (libsodium's interactive limits). Errors: internal when out of memory.
Result<std::string> hash_password(std::string_view password);

// True when password matches the encoded hash. Constant-time in the password.
bool verify_password(std::string_view encoded_hash, std::string_view password);

// Constant-time equality of two strings of equal length (false when lengths differ).
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace yigong::service
