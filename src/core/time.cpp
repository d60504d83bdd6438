// UTC clock and RFC 3339 formatting/parsing without locale or time-zone database.
#include "core/time.hpp"

#include <chrono>
#include <cstdio>

namespace yigong {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

Micros now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_rfc3339(Micros t) {
  using namespace std::chrono;
  const sys_seconds secs{duration_cast<seconds>(microseconds{t})};
  const auto days = floor<std::chrono::days>(secs);
  const year_month_day ymd{days};
  const hh_mm_ss hms{secs - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::optional<Micros> parse_rfc3339(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  int offset_minutes = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' ||
        !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
      return std::nullopt;
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
    if (pos == s.size()) return std::nullopt;
    if (s[pos] == 'Z' || s[pos] == 'z') {
      if (pos + 1 != s.size()) return std::nullopt;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh = 0, om = 0;
      if (s.size() != pos + 6 || !digits(s, pos + 1, 2, oh) || s[pos + 3] != ':' ||
          !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
        return std::nullopt;
      offset_minutes = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  const auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{se} - minutes{offset_minutes};
  return duration_cast<microseconds>(tp.time_since_epoch()).count();
}

}  // namespace yigong
