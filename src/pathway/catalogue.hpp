// Regulatory catalogues: the FDA product classification file and the NMPA 2017 classification
// catalogue (医疗器械分类目录), parsed strictly into one entry type.
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace yigong::pathway {

// One product type of a catalogue. Value type.
struct CatalogueEntry {
  std::string source;    // "fda" or "nmpa2017"
  std::string id;        // FDA product code ("DXH"); NMPA "07-03-01" (category-level1-level2)
  std::string name;      // FDA device name; NMPA second-level product type (二级产品类别)
  std::string category;  // FDA review panel; NMPA "07 医用诊察和监护器械 / 03 监护设备"
  std::string description;
  std::string intended_use;
  std::vector<std::string> examples;  // NMPA 品名举例
  std::vector<int> classes;           // 1–3; empty: unclassified (FDA U, N, F)
  // Source-specific columns kept as text: FDA regulation_number, submission_type, implant,
  // life_sustaining, gmp_exempt, third_party, medical_specialty, device_class (raw).
  std::map<std::string, std::string> attributes;
};

struct Catalogue {
  std::string source;  // "fda" or "nmpa2017"
  std::vector<CatalogueEntry> entries;
};

// Parses FDA's product classification file (foiclass.txt): '|'-delimited, a header line naming the
// columns. Columns are found by header name, in any order; PRODUCTCODE, DEVICENAME and DEVICECLASS
// are required, the others (REVIEW_PANEL, MEDICALSPECIALTY, REGULATIONNUMBER, SUBMISSION_TYPE_ID,
// DEFINITION, IMPLANT_FLAG, LIFESUSTAINSUPPORT_FLAG, GMPEXEMPTFLAG, THIRDPARTYFLAG, …) are read
// when present. Bytes that are not UTF-8 are read as Windows-1252. Error::invalid with field "line
// N" for a missing column, a line with the wrong number of fields, an empty or repeated product
// code, or a class other than 1, 2, 3, U, N or F.
Result<Catalogue> parse_fda_classification(std::string_view text);

// Parses an export of the NMPA 2017 classification catalogue as CSV (RFC 4180 quoting; header
// names in English or Chinese, see data/pathway/README.md) with columns category_code (01–22),
// category_name, level1_code, level1_name, level2_code, level2_name, description, intended_use,
// examples (separated by 、 ; or ,), class (Ⅰ/Ⅱ/Ⅲ, I/II/III or 1/2/3; several separated by 、 or
// /). Error::invalid with field "line N" (or "line N: column") for any malformed row.
Result<Catalogue> parse_nmpa_catalogue_csv(std::string_view text);
// The same rows as JSON: {"entries": [{"category_code": …, …}]} or a bare array; errors name the
// path ("entries[3].class").
Result<Catalogue> parse_nmpa_catalogue_json(const nlohmann::json& json);

// {"source", "entries": [{id, name, category, description, intended_use, examples, classes,
// attributes}]} and back (the form `yigong pathway import-fda --out` writes).
nlohmann::json catalogue_to_json(const Catalogue& catalogue);
Result<Catalogue> catalogue_from_json(const nlohmann::json& json);

}  // namespace yigong::pathway
