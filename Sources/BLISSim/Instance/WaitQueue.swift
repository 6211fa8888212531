import DequeModule

/// An instance's wait queue, in vLLM's order: preempted requests first (the latest preempted at the
/// front: each is put back at the head), then requests that never ran, in the order they were
/// enqueued. Preempted requests keep their slot, so they are 4-byte slot numbers; never-run
/// requests are byte-encoded (`PackedRequestQueue`, ~10 bytes each), which is what bounds an
/// overloaded run's memory.
struct WaitQueue: Sendable {
  private var preempted = Deque<Int32>()
  private var fresh = PackedRequestQueue()

  var count: Int { preempted.count + fresh.count }
  var isEmpty: Bool { preempted.isEmpty && fresh.isEmpty }

  /// The head: a preempted request's slot, or else the oldest never-run request.
  var first: QueuedRequest? {
    if let slot = preempted.first { return .preempted(slot: slot) }
    return fresh.first
  }

  /// Removes the head (the queue is not empty).
  mutating func removeFirst() {
    if preempted.popFirst() == nil { fresh.removeFirst() }
  }

  /// Queues a request that never ran behind every other.
  mutating func append(_ q: QueuedRequest) {
    precondition(q.preemptedSlot == nil, "a preempted request goes back to the head (prepend)")
    fresh.append(q)
  }

  /// Puts a preempted request (its slot) back at the head.
  mutating func prepend(preemptedSlot slot: Int32) {
    preempted.prepend(slot)
  }
}

extension WaitQueue: Sequence {
  struct Iterator: IteratorProtocol {
    fileprivate var preempted: Deque<Int32>.Iterator
    fileprivate var fresh: PackedRequestQueue.Iterator

    mutating func next() -> QueuedRequest? {
      if let slot = preempted.next() { return .preempted(slot: slot) }
      return fresh.next()
    }
  }

  /// Head to tail.
  func makeIterator() -> Iterator { Iterator(preempted: preempted.makeIterator(), fresh: fresh.makeIterator()) }
  var underestimatedCount: Int { count }
}
