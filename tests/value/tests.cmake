# Value engine tests (included from tests/CMakeLists.txt).
yigong_add_test(value_test
  SOURCES value/expr_test.cpp value/distribution_test.cpp value/incremental_test.cpp
          value/psa_test.cpp value/bad_input_test.cpp value/reference_test.cpp
          value/sensitivity_test.cpp value/counting_test.cpp
          value/robustness_test.cpp value/budget_impact_test.cpp
  DEPS yigong_value LABELS unit)
target_compile_definitions(value_test PRIVATE
  YIGONG_VALUE_REFERENCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}/value/reference"
  YIGONG_VALUE_PSA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/value/psa")
# Every spec in tests/value must satisfy the published JSON Schema.
add_test(NAME value_schema COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/value/check_schema.py)
set_tests_properties(value_schema PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
# The command line over the engine: published figures through `yigong value run`.
add_test(NAME value_cli
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/value/cli_test.py $<TARGET_FILE:yigong>
                 ${CMAKE_CURRENT_SOURCE_DIR}/value/psa/sick_sicker_psa.json)
set_tests_properties(value_cli PROPERTIES LABELS unit)
