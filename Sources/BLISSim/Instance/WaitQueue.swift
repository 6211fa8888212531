import DequeModule

/// An instance's wait queue, in vLLM's order: preempted requests first (the latest preempted at the
/// front: each is put back at the head), then requests that never ran, in the order they were
/// enqueued. Preempted requests keep their slot, so they are 4-byte slot numbers. The oldest
/// never-run requests — up to `plainLimit` of them — are plain 48-byte values (a short queue, the
/// usual case, costs no encoding); behind them the rest are byte-encoded (`PackedRequestQueue`,
/// ~10 bytes each), which is what bounds an overloaded run's memory. Order:
/// [preempted…, plain…, packed…]: a never-run request goes to the plain part only while nothing
/// is packed, so it never overtakes a packed one.
struct WaitQueue: Sendable {
  /// Never-run requests kept plain, at most (48 B each, ≤ 2× that with the deque's growth).
  let plainLimit: Int
  private var preempted = Deque<Int32>()
  private var plain = Deque<QueuedRequest>()
  private var packed = PackedRequestQueue()

  /// 2,048: a queue that short (≤ 192 KiB) never pays for encoding; the planner's probes rarely exceed it.
  static let defaultPlainLimit = 2_048

  init(plainLimit: Int = defaultPlainLimit) { self.plainLimit = Swift.max(0, plainLimit) }

  var count: Int { preempted.count + plain.count + packed.count }
  var isEmpty: Bool { preempted.isEmpty && plain.isEmpty && packed.isEmpty }

  /// The head: a preempted request's slot, or else the oldest never-run request.
  var first: QueuedRequest? {
    if let slot = preempted.first { return .preempted(slot: slot) }
    return plain.first ?? packed.first
  }

  /// Removes the head (the queue is not empty).
  mutating func removeFirst() {
    if preempted.popFirst() == nil && plain.popFirst() == nil { packed.removeFirst() }
  }

  /// Queues a request that never ran behind every other.
  mutating func append(_ q: QueuedRequest) {
    precondition(q.preemptedSlot == nil, "a preempted request goes back to the head (prepend)")
    if packed.isEmpty && plain.count < plainLimit { plain.append(q) } else { packed.append(q) }
  }

  /// Puts a preempted request (its slot) back at the head.
  mutating func prepend(preemptedSlot slot: Int32) {
    preempted.prepend(slot)
  }
}

extension WaitQueue: Sequence {
  struct Iterator: IteratorProtocol {
    fileprivate var preempted: Deque<Int32>.Iterator
    fileprivate var plain: Deque<QueuedRequest>.Iterator
    fileprivate var packed: PackedRequestQueue.Iterator

    mutating func next() -> QueuedRequest? {
      if let slot = preempted.next() { return .preempted(slot: slot) }
      return plain.next() ?? packed.next()
    }
  }

  /// Head to tail.
  func makeIterator() -> Iterator {
    Iterator(preempted: preempted.makeIterator(), plain: plain.makeIterator(), packed: packed.makeIterator())
  }
  var underestimatedCount: Int { count }
}
