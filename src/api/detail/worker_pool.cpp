// The worker pool: a mutex-guarded deque drained by a fixed set of threads.
#include "api/detail/worker_pool.hpp"

#include <utility>

namespace yigong::api::detail {

WorkerPool::WorkerPool(size_t max_queue) : max_queue_(max_queue) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::start(int threads) {
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

bool WorkerPool::try_submit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
  // Tasks queued on a pool that never started still run, so no caller waits on them forever.
  std::deque<std::function<void()>> left;
  {
    std::lock_guard lock(mu_);
    left.swap(queue_);
  }
  for (auto& task : left) task();
}

void WorkerPool::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

}  // namespace yigong::api::detail
