import DequeModule

/// An instance's wait queue, in vLLM's order: preempted requests first (the latest preempted at the
/// front: each is put back at the head), then requests that never ran, in the order they were
/// enqueued. Preempted requests keep their slot, so they are 4-byte slot numbers. The oldest
/// never-run requests — up to `heldLimit` of them — keep their slot too (a short queue, the usual
/// case, costs no copy and no encoding: admission starts them where they are); behind them the rest
/// are byte-encoded (`PackedRequestQueue`, ~10 bytes each, their slots freed), which is what bounds
/// an overloaded run's memory. Order: [preempted…, held…, packed…]: a never-run request keeps its
/// slot only while nothing is packed, so it never overtakes a packed one.
struct WaitQueue: Sendable {
  /// Never-run requests that keep their slot, at most (a slot is ~170 B).
  let heldLimit: Int
  private var preempted = Deque<Int32>()
  private var held = Deque<Int32>()
  private var packed = PackedRequestQueue()

  /// 2,048: a queue that short (≤ ~350 KiB of slots) never pays for copies or encoding; the
  /// planner's probes rarely exceed it.
  static let defaultHeldLimit = 2_048

  /// The head of the queue.
  enum Entry: Sendable, Equatable {
    /// A preempted request, by its slot.
    case preempted(slot: Int32)
    /// A never-run request that kept its slot.
    case held(slot: Int32)
    /// A never-run request without a slot.
    case packed(QueuedRequest)
  }

  init(heldLimit: Int = defaultHeldLimit) { self.heldLimit = Swift.max(0, heldLimit) }

  /// Kept as a plain counter: the engine tests emptiness every step, which should not touch the
  /// three parts' storage.
  private(set) var count = 0
  var isEmpty: Bool { count == 0 }

  /// The head: a preempted request's slot, or else the oldest never-run request.
  var first: Entry? {
    if let slot = preempted.first { return .preempted(slot: slot) }
    if let slot = held.first { return .held(slot: slot) }
    return packed.first.map(Entry.packed)
  }

  /// Removes the head (the queue is not empty).
  mutating func removeFirst() {
    if preempted.popFirst() == nil && held.popFirst() == nil { packed.removeFirst() }
    count -= 1
  }

  /// Whether a never-run request enqueued now keeps its slot (`append(heldSlot:)`); if not, it is
  /// queued by value (`append(_:)`).
  var canHoldSlot: Bool { packed.isEmpty && held.count < heldLimit }

  /// Queues a never-run request that keeps its slot behind every other (`canHoldSlot` is true).
  mutating func append(heldSlot slot: Int32) {
    precondition(canHoldSlot, "a held slot behind packed requests would overtake them")
    held.append(slot)
    count += 1
  }

  /// Queues a never-run request by value behind every other.
  mutating func append(_ q: QueuedRequest) {
    packed.append(q)
    count += 1
  }

  /// Puts a preempted request (its slot) back at the head.
  mutating func prepend(preemptedSlot slot: Int32) {
    preempted.prepend(slot)
    count += 1
  }
}

extension WaitQueue: Sequence {
  struct Iterator: IteratorProtocol {
    fileprivate var preempted: Deque<Int32>.Iterator
    fileprivate var held: Deque<Int32>.Iterator
    fileprivate var packed: PackedRequestQueue.Iterator

    mutating func next() -> Entry? {
      if let slot = preempted.next() { return .preempted(slot: slot) }
      if let slot = held.next() { return .held(slot: slot) }
      return packed.next().map(Entry.packed)
    }
  }

  /// Head to tail.
  func makeIterator() -> Iterator {
    Iterator(preempted: preempted.makeIterator(), held: held.makeIterator(), packed: packed.makeIterator())
  }
  var underestimatedCount: Int { count }
}
