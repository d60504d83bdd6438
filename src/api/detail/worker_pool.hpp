// A fixed set of threads running queued tasks, with a bounded queue that refuses work when full.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace yigong::api::detail {

// Thread-safe. Tasks run in submission order on whichever worker is free.
class WorkerPool {
 public:
  // max_queue counts tasks waiting for a worker, not those running.
  explicit WorkerPool(size_t max_queue);
  // Runs what is still queued, then joins.
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // REQUIRES: threads >= 1; called once.
  void start(int threads);

  // Queues a task; false (the task is dropped unrun) when the queue is full or the pool is
  // shutting down. A task must not throw.
  bool try_submit(std::function<void()> task);

  // Refuses new tasks, runs every queued one, joins the threads. Idempotent.
  // REQUIRES: not called from a task.
  void shutdown();

 private:
  void run();

  const size_t max_queue_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;         // touched only by start() and shutdown()
};

}  // namespace yigong::api::detail
