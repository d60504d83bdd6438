# Helpers shared by every module: warnings, sanitizers, one static library per module, tests.
include_guard(GLOBAL)

set(YIGONG_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion
    -Wno-sign-conversion -Wno-missing-field-initializers)

if(YIGONG_FUZZ)
  # Coverage for libFuzzer in every library; the fuzz targets link the fuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(YIGONG_SANITIZE)
  # vptr checks need typeinfo that Debian's SOCI libraries do not export.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
endif()

# yigong_add_module(NAME SOURCES... DEPS...) builds the static library yigong_NAME whose include
# root is src/, so every include reads "module/header.hpp".
function(yigong_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(yigong_${name} STATIC ${ARG_SOURCES})
  target_include_directories(yigong_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(yigong_${name} PRIVATE ${YIGONG_WARNINGS})
  target_link_libraries(yigong_${name} PUBLIC ${ARG_DEPS})
endfunction()

# yigong_add_test(NAME SOURCES... DEPS...) builds a GoogleTest executable and registers its cases.
function(yigong_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${YIGONG_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  include(GoogleTest)
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()
