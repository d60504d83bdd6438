// The OpenAPI 3.0 document, generated from the route table and the record kinds' field specs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/detail/routes.hpp"

namespace yigong::api::detail {

nlohmann::json openapi_document(const std::vector<Route>& routes, const std::string& version);

}  // namespace yigong::api::detail
