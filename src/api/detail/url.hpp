// Splitting a request target into its decoded path and query parameters.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace yigong::api::detail {

// Decodes %XX escapes (and '+' as a space when plus_is_space, the form-encoding rule for
// queries). nullopt on a malformed escape or an escaped NUL, which no route can mean.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// Parses "a=1&b=x+y&a=2" into decoded pairs; a key without '=' gets an empty value and empty
// pieces ("a=1&&b=2") are skipped. nullopt on a malformed escape.
std::optional<std::multimap<std::string, std::string>> parse_query(std::string_view query);

}  // namespace yigong::api::detail
