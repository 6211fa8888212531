import Foundation

/// Runs independent jobs on all cores and returns their results in input order, so output
/// never depends on scheduling. Each job must be deterministic on its own.
enum ParallelMap {
  static func map<Item: Sendable, Value: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Value) -> [Value] {
    let slots = Slots<Value>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in slots.set(i, transform(items[i])) }
    return slots.values()
  }

  /// Result storage written from worker threads, one slot per job, behind a lock.
  private final class Slots<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Value) { lock.lock(); storage[i] = value; lock.unlock() }
    func values() -> [Value] { lock.lock(); defer { lock.unlock() }; return storage.map { $0! } }
  }
}
