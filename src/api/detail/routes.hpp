// The route table's entry type and the table itself (defined in api/routes.cpp).
#pragma once

#include <string>
#include <vector>

#include "api/api.hpp"
#include "api/detail/context.hpp"

namespace yigong::api::detail {

struct Route {
  RouteInfo info;
  Handler handler;
  std::string json_schema_ref;  // OpenAPI component describing the body, if any
};

// Every /api/v1 route, in the order the OpenAPI document lists them.
std::vector<Route> build_routes();

}  // namespace yigong::api::detail
