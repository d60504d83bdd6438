// Catalogue importers: FDA foiclass.txt and the NMPA 2017 classification catalogue (CSV or JSON).
#include "pathway/catalogue.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/utf8.hpp"
#include "pathway/detail/delimited.hpp"

namespace yigong::pathway {
namespace {

Error at_line(size_t line, const std::string& message, const std::string& column = {}) {
  return Error::invalid(message,
                        "line " + std::to_string(line) + (column.empty() ? "" : ": " + column));
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Splits on any of the separators (UTF-8 strings), trimming parts and dropping empty ones.
std::vector<std::string> split_any(const std::string& s, const std::vector<std::string>& seps) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t best = std::string::npos, len = 0;
    for (const auto& sep : seps) {
      size_t at = s.find(sep, start);
      if (at < best) {
        best = at;
        len = sep.size();
      }
    }
    std::string part = detail::trim(std::string_view(s).substr(start, best - start));
    if (!part.empty()) out.push_back(part);
    if (best == std::string::npos) break;
    start = best + len;
  }
  return out;
}

// "Ⅱ", "II", "2", "第二类", "二类", "Ⅱ、Ⅲ" → {2} / {2, 3}; empty on anything else.
std::vector<int> parse_classes(const std::string& text) {
  std::vector<int> out;
  for (auto part : split_any(text, {"、", "/", ",", ";", "，", " "})) {
    for (const char* affix : {"第", "类"}) {
      size_t at;
      while ((at = part.find(affix)) != std::string::npos)
        part.erase(at, std::string(affix).size());
    }
    part = upper(part);
    int c = 0;
    if (part == "1" || part == "I" || part == "Ⅰ" || part == "一") c = 1;
    if (part == "2" || part == "II" || part == "Ⅱ" || part == "二") c = 2;
    if (part == "3" || part == "III" || part == "Ⅲ" || part == "三") c = 3;
    if (c == 0) return {};
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool two_digits(const std::string& s) {
  return s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1]));
}

// The NMPA catalogue's columns, with the header names accepted for each.
struct NmpaColumn {
  const char* key;
  std::vector<std::string> names;
  bool required;
};

const std::vector<NmpaColumn>& nmpa_columns() {
  static const std::vector<NmpaColumn> columns = {
      {"category_code", {"category_code", "子目录编号", "子目录代码", "目录编号"}, true},
      {"category_name", {"category_name", "子目录", "子目录名称"}, true},
      {"level1_code", {"level1_code", "一级产品类别编号", "一级类别编号"}, true},
      {"level1_name", {"level1_name", "一级产品类别"}, true},
      {"level2_code", {"level2_code", "二级产品类别编号", "二级类别编号"}, true},
      {"level2_name", {"level2_name", "二级产品类别"}, true},
      {"description", {"description", "产品描述"}, true},
      {"intended_use", {"intended_use", "预期用途"}, true},
      {"examples", {"examples", "品名举例"}, true},
      {"class", {"class", "管理类别"}, true},
  };
  return columns;
}

// Checks one NMPA row (already mapped to keys) and builds its entry. `column_error` makes the
// error for a key.
template <typename MakeError>
Result<CatalogueEntry> nmpa_entry(const std::map<std::string, std::string>& row,
                                  const MakeError& column_error) {
  CatalogueEntry e;
  e.source = "nmpa2017";
  auto get = [&](const char* key) {
    auto it = row.find(key);
    return it == row.end() ? std::string() : detail::trim(it->second);
  };
  for (const auto& c : nmpa_columns()) {
    if (c.required && get(c.key).empty() && std::string(c.key) != "examples" &&
        std::string(c.key) != "description") {
      return fail(column_error(c.key, "is empty"));
    }
  }
  std::string category = get("category_code"), level1 = get("level1_code"),
              level2 = get("level2_code");
  if (!two_digits(category) || category < "01" || category > "22") {
    return fail(column_error("category_code", "is 01 to 22 (the 22 sub-catalogues)"));
  }
  if (!two_digits(level1)) return fail(column_error("level1_code", "is two digits"));
  if (!two_digits(level2)) return fail(column_error("level2_code", "is two digits"));
  e.id = category + "-" + level1 + "-" + level2;
  e.name = get("level2_name");
  e.category = category + " " + get("category_name") + " / " + level1 + " " + get("level1_name");
  e.description = get("description");
  e.intended_use = get("intended_use");
  e.examples = split_any(get("examples"), {"、", "；", ";", "，", ","});
  e.classes = parse_classes(get("class"));
  if (e.classes.empty()) return fail(column_error("class", "is Ⅰ, Ⅱ or Ⅲ (or several)"));
  return e;
}

Result<void> check_unique(std::set<std::string>& ids, const CatalogueEntry& e, const Error& err) {
  if (!ids.insert(e.id).second) return fail(err);
  return ok();
}

}  // namespace

Result<Catalogue> parse_fda_classification(std::string_view text) {
  auto records = detail::split_pipe_lines(text);
  if (records.empty()) return fail(Error::invalid("the file is empty", "line 1"));
  const auto& header = records.front();
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = upper(detail::trim(header.fields[i]));
    if (name.empty()) continue;
    if (!column.emplace(name, i).second) {
      return fail(at_line(header.line, "column " + name + " appears twice"));
    }
  }
  for (const char* required : {"PRODUCTCODE", "DEVICENAME", "DEVICECLASS"}) {
    if (!column.count(required)) {
      return fail(at_line(header.line, std::string("the header has no ") + required +
                                           " column (is this foiclass.txt?)"));
    }
  }
  // Optional columns, kept as attributes under readable names.
  static const std::vector<std::pair<const char*, const char*>> attributes = {
      {"MEDICALSPECIALTY", "medical_specialty"},
      {"REGULATIONNUMBER", "regulation_number"},
      {"SUBMISSION_TYPE_ID", "submission_type"},
      {"IMPLANT_FLAG", "implant"},
      {"LIFESUSTAINSUPPORT_FLAG", "life_sustaining"},
      {"GMPEXEMPTFLAG", "gmp_exempt"},
      {"THIRDPARTYFLAG", "third_party"},
      {"UNCLASSIFIED_REASON", "unclassified_reason"},
      {"REVIEWCODE", "review_code"},
      {"TARGETAREA", "target_area"},
      {"TECHNICALMETHOD", "technical_method"},
      {"PHYSICALSTATE", "physical_state"},
      {"SUMMARYMALFUNCTIONREPORTING", "summary_malfunction_reporting"}};
  Catalogue out;
  out.source = "fda";
  std::set<std::string> codes;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != header.fields.size()) {
      return fail(at_line(rec.line, std::to_string(rec.fields.size()) + " fields; the header has " +
                                        std::to_string(header.fields.size())));
    }
    auto field = [&](const char* name) {
      auto it = column.find(name);
      return it == column.end() ? std::string() : detail::trim(rec.fields[it->second]);
    };
    CatalogueEntry e;
    e.source = "fda";
    e.id = field("PRODUCTCODE");
    if (e.id.empty()) return fail(at_line(rec.line, "empty product code", "PRODUCTCODE"));
    e.name = field("DEVICENAME");
    if (e.name.empty()) return fail(at_line(rec.line, "empty device name", "DEVICENAME"));
    e.category = field("REVIEW_PANEL");
    e.description = field("DEFINITION");
    std::string cls = upper(field("DEVICECLASS"));
    if (cls == "1" || cls == "2" || cls == "3") {
      e.classes = {cls[0] - '0'};
    } else if (cls != "U" && cls != "N" && cls != "F") {
      return fail(
          at_line(rec.line, "device class '" + cls + "' is not 1, 2, 3, U, N or F", "DEVICECLASS"));
    }
    e.attributes["device_class"] = cls;
    for (const auto& [col, key] : attributes) {
      std::string v = field(col);
      if (!v.empty()) e.attributes[key] = v;
    }
    if (!codes.insert(e.id).second) {
      return fail(at_line(rec.line, "product code " + e.id + " appears twice", "PRODUCTCODE"));
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

Result<Catalogue> parse_nmpa_catalogue_csv(std::string_view text) {
  if (!is_valid_utf8(text)) {
    size_t line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
      size_t end = text.find('\n', i);
      if (!is_valid_utf8(text.substr(i, end - i))) break;
      if (end == std::string_view::npos) break;
      i = end;
      ++line;
    }
    return fail(at_line(line, "not UTF-8 (convert a GBK export: iconv -f GBK -t UTF-8)"));
  }
  auto records = detail::parse_csv(text);
  if (!records) return fail(std::move(records.error()));
  if (records->empty()) return fail(Error::invalid("the file is empty", "line 1"));
  const auto& header = records->front();
  std::map<std::string, size_t> index;  // key → column
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = detail::trim(header.fields[i]);
    bool matched = false;
    for (const auto& c : nmpa_columns()) {
      if (std::find(c.names.begin(), c.names.end(), name) == c.names.end()) continue;
      if (!index.emplace(c.key, i).second) {
        return fail(at_line(header.line, std::string("two columns mean ") + c.key));
      }
      matched = true;
    }
    if (!matched && !name.empty()) {
      return fail(at_line(header.line, "unknown column '" + name + "'"));
    }
  }
  for (const auto& c : nmpa_columns()) {
    if (c.required && !index.count(c.key)) {
      return fail(at_line(header.line, std::string("the header has no ") + c.key + " column"));
    }
  }
  Catalogue out;
  out.source = "nmpa2017";
  std::set<std::string> ids;
  for (size_t r = 1; r < records->size(); ++r) {
    const auto& rec = (*records)[r];
    if (rec.fields.size() != header.fields.size()) {
      return fail(at_line(rec.line, std::to_string(rec.fields.size()) + " fields; the header has " +
                                        std::to_string(header.fields.size())));
    }
    std::map<std::string, std::string> row;
    for (const auto& [key, i] : index) row[key] = rec.fields[i];
    auto entry = nmpa_entry(row, [&](const std::string& key, const std::string& what) {
      return at_line(rec.line, key + " " + what, key);
    });
    if (!entry) return fail(std::move(entry.error()));
    YG_TRY(check_unique(ids, *entry, at_line(rec.line, entry->id + " appears twice")));
    out.entries.push_back(std::move(*entry));
  }
  return out;
}

Result<Catalogue> parse_nmpa_catalogue_json(const nlohmann::json& json) {
  const nlohmann::json* rows = &json;
  std::string base;
  if (json.is_object()) {
    auto it = json.find("entries");
    if (it == json.end()) return fail(Error::invalid("needs a list of entries", "entries"));
    rows = &*it;
    base = "entries";
  }
  if (!rows->is_array()) return fail(Error::invalid("a list of entries", base));
  Catalogue out;
  out.source = "nmpa2017";
  std::set<std::string> ids;
  for (size_t i = 0; i < rows->size(); ++i) {
    std::string path = base + "[" + std::to_string(i) + "]";
    const auto& r = (*rows)[i];
    if (!r.is_object()) return fail(Error::invalid("an entry is an object", path));
    std::map<std::string, std::string> row;
    for (const auto& item : r.items()) {
      const std::string& key = item.key();  // plain references: lambdas may capture them
      const auto& value = item.value();
      bool known = std::any_of(nmpa_columns().begin(), nmpa_columns().end(),
                               [&](const NmpaColumn& c) { return key == c.key; });
      if (!known) return fail(Error::invalid("unknown key", path + "." + key));
      if (value.is_string()) {
        row[key] = value.get<std::string>();
      } else if (value.is_number_integer()) {
        row[key] = std::to_string(value.get<long long>());
      } else if (value.is_array() && key == "examples") {
        std::string joined;
        for (const auto& v : value) {
          if (!v.is_string())
            return fail(Error::invalid("examples are strings", path + ".examples"));
          joined += (joined.empty() ? "" : "、") + v.get<std::string>();
        }
        row[key] = joined;
      } else {
        return fail(Error::invalid("a string", path + "." + key));
      }
    }
    auto entry = nmpa_entry(row, [&](const std::string& key, const std::string& what) {
      return Error::invalid(key + " " + what, path + "." + key);
    });
    if (!entry) return fail(std::move(entry.error()));
    YG_TRY(check_unique(ids, *entry, Error::invalid(entry->id + " appears twice", path)));
    out.entries.push_back(std::move(*entry));
  }
  return out;
}

nlohmann::json catalogue_to_json(const Catalogue& catalogue) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : catalogue.entries) {
    nlohmann::json row = {{"id", e.id},
                          {"name", e.name},
                          {"category", e.category},
                          {"description", e.description},
                          {"intended_use", e.intended_use},
                          {"examples", e.examples},
                          {"classes", e.classes}};
    if (!e.attributes.empty()) row["attributes"] = e.attributes;
    entries.push_back(std::move(row));
  }
  return {{"source", catalogue.source}, {"entries", std::move(entries)}};
}

Result<Catalogue> catalogue_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return fail(Error::invalid("a catalogue is an object", ""));
  auto source = json.find("source");
  if (source == json.end() || !source->is_string() || (*source != "fda" && *source != "nmpa2017")) {
    return fail(Error::invalid("fda or nmpa2017", "source"));
  }
  auto entries = json.find("entries");
  if (entries == json.end() || !entries->is_array()) {
    return fail(Error::invalid("a list", "entries"));
  }
  Catalogue out;
  out.source = source->get<std::string>();
  std::set<std::string> ids;
  for (size_t i = 0; i < entries->size(); ++i) {
    std::string path = "entries[" + std::to_string(i) + "]";
    const auto& r = (*entries)[i];
    if (!r.is_object()) return fail(Error::invalid("an entry is an object", path));
    CatalogueEntry e;
    e.source = out.source;
    for (auto [key, target] :
         {std::pair{"id", &e.id}, std::pair{"name", &e.name}, std::pair{"category", &e.category},
          std::pair{"description", &e.description}, std::pair{"intended_use", &e.intended_use}}) {
      auto it = r.find(key);
      if (it == r.end() || it->is_null()) continue;
      if (!it->is_string()) return fail(Error::invalid("a string", path + "." + key));
      *target = it->get<std::string>();
    }
    if (e.id.empty() || e.name.empty()) return fail(Error::invalid("needs id and name", path));
    if (auto it = r.find("examples"); it != r.end()) {
      if (!it->is_array()) return fail(Error::invalid("a list", path + ".examples"));
      for (const auto& v : *it) {
        if (!v.is_string()) return fail(Error::invalid("strings", path + ".examples"));
        e.examples.push_back(v.get<std::string>());
      }
    }
    if (auto it = r.find("classes"); it != r.end()) {
      if (!it->is_array()) return fail(Error::invalid("a list", path + ".classes"));
      for (const auto& v : *it) {
        if (!v.is_number_integer() || v.get<int>() < 1 || v.get<int>() > 3) {
          return fail(Error::invalid("classes are 1, 2 or 3", path + ".classes"));
        }
        e.classes.push_back(v.get<int>());
      }
    }
    if (auto it = r.find("attributes"); it != r.end()) {
      if (!it->is_object()) return fail(Error::invalid("an object", path + ".attributes"));
      for (const auto& [k, v] : it->items()) {
        if (!v.is_string()) return fail(Error::invalid("a string", path + ".attributes." + k));
        e.attributes[k] = v.get<std::string>();
      }
    }
    if (!ids.insert(e.id).second) return fail(Error::invalid(e.id + " appears twice", path));
    out.entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace yigong::pathway
