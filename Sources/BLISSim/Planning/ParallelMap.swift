import Foundation

/// Runs independent jobs on at most `workers` threads (default: all cores) and returns their
/// results in input order, so output never depends on scheduling or on the number of workers.
/// Each job must be deterministic on its own.
enum ParallelMap {
  static func map<Item: Sendable, Value: Sendable>(_ items: [Item], workers: Int? = nil,
                                                   _ transform: @Sendable (Item) -> Value) -> [Value] {
    let slots = Slots<Value>(count: items.count)
    let threads = min(items.count, max(1, workers ?? items.count))
    // Each worker takes the next job index until none is left.
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      while let i = slots.claim() { slots.set(i, transform(items[i])) }
    }
    return slots.values()
  }

  /// The parallel map of `items` with as many workers as `memory` allows for jobs whose peaks
  /// are `jobBytes(item)` (see `MemoryBudget.workerCount`).
  static func map<Item: Sendable, Value: Sendable>(_ items: [Item], memory: MemoryBudget,
                                                   jobBytes: (Item) -> Double,
                                                   _ transform: @Sendable (Item) -> Value) -> [Value] {
    let workers = memory.workerCount(jobBytes: items.map(jobBytes), cores: ProcessInfo.processInfo.activeProcessorCount)
    return map(items, workers: workers, transform)
  }

  /// Result storage written from worker threads, one slot per job, and the next job to claim,
  /// behind a lock.
  private final class Slots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private var next = 0
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func claim() -> Int? {
      lock.lock(); defer { lock.unlock() }
      guard next < storage.count else { return nil }
      next += 1
      return next - 1
    }
    func set(_ i: Int, _ value: Value) { lock.lock(); storage[i] = value; lock.unlock() }
    func values() -> [Value] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
  }
}
