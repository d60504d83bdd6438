// A one-line progress bar on standard error, drawn only when it is a terminal.
#pragma once

#include <cstddef>
#include <string_view>

namespace yigong::cli {

// Single-threaded.
class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar();
  // Redraws "label [#####     ]  45%  123/456" when the percentage changed.
  void update(std::string_view label, std::size_t done, std::size_t total);
  void finish();

 private:
  bool tty_;
  int last_percent_ = -1;
  bool drawn_ = false;
};

}  // namespace yigong::cli
