// Terminal progress bar.
#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace yigong::cli {

ProgressBar::ProgressBar() : tty_(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::string_view label, std::size_t done, std::size_t total) {
  if (!tty_ || total == 0) return;
  const int percent = static_cast<int>(done * 100 / total);
  if (percent == last_percent_ && done != total) return;
  last_percent_ = percent;
  constexpr int kWidth = 30;
  const int filled = percent * kWidth / 100;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), ' ');
  std::fprintf(stderr, "\r%-6.*s [%s] %3d%%  %zu/%zu", static_cast<int>(label.size()), label.data(),
               bar.c_str(), percent, done, total);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
  last_percent_ = -1;
}

}  // namespace yigong::cli
