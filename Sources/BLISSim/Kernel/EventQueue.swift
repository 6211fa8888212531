/// What an event does when it fires. The raw value is the tie-break class at equal times:
/// cluster events first (arrival, admission, routing), then the front end (tokenizer flushes,
/// enqueues), then output jobs, then engine steps — so every request that becomes ready at time t
/// is in the wait queue before the step at t forms its batch, and a step's tokens are delivered
/// before the next step (starting at the same instant) changes the batch.
enum EventKind: UInt8, Sendable {
  /// A closed-loop client's request arrives at the cluster (admission and routing run immediately
  /// when their latencies are zero). An open loop's next arrival is kept beside the queue
  /// (`Simulation.pendingArrivalAt`), which is exact because this kind sorts first.
  case arrival = 0
  /// The admission decision, `admissionLatency` after arrival.
  case admission = 1
  /// The routing decision, `routingLatency` after admission.
  case routing = 2
  /// An instance's tokenizer micro-batch window expires (`slot` carries the batch generation).
  case tokenizerFlush = 3
  /// A routed request enters its instance's wait queue (after the front end).
  case enqueue = 4
  /// The output job of the step that just ended on an instance (API-server output processing).
  case output = 5
  /// An instance runs one engine step.
  case step = 6
}

/// One scheduled event: 24 bytes, ordered by (time, kind, insertion sequence).
struct Event: Comparable, Sendable {
  var timeMicros: Int64
  /// `kind << 56 | sequence`: the kind is the tie-break class, the sequence keeps FIFO order.
  var order: UInt64
  var instance: Int32
  var slot: Int32

  @inline(__always) var kind: EventKind { EventKind(rawValue: UInt8(truncatingIfNeeded: order >> 56)) ?? .step }
  var time: SimTime { SimTime(microseconds: timeMicros) }

  /// (time, order) as one unsigned 128-bit key: one branch-free comparison in the heap's sifts,
  /// where a time-then-order test mispredicts. (The sign bit flipped keeps signed time order.)
  @inline(__always)
  var key: UInt128 { UInt128(UInt64(bitPattern: timeMicros) ^ (1 << 63)) << 64 | UInt128(order) }

  @inline(__always)
  static func < (a: Event, b: Event) -> Bool { a.key < b.key }
  static func == (a: Event, b: Event) -> Bool { a.timeMicros == b.timeMicros && a.order == b.order }
}

/// The simulation's pending events, a binary min-heap (`MinHeap`) keyed by (time, kind, sequence).
///
/// The sequence number makes the order total and independent of heap mechanics: two events
/// with the same time and kind fire in insertion order.
struct EventQueue: Sendable {
  private var heap = MinHeap<Event>()
  private var sequence: UInt64 = 0
  /// The earliest event has been handled but is still at the root (`retireFirst`): the next
  /// `schedule` takes its place, and `settle` removes it if nothing was scheduled.
  private var rootRetired = false

  var isEmpty: Bool { heap.isEmpty }
  var count: Int { heap.count }
  /// Time of the earliest pending event.
  var nextTime: SimTime? { heap.min.map { SimTime(microseconds: $0.timeMicros) } }

  @inline(__always)
  private mutating func make(_ kind: EventKind, at time: SimTime, instance: Int, slot: Int32) -> Event {
    sequence &+= 1
    return Event(timeMicros: time.microseconds, order: UInt64(kind.rawValue) << 56 | sequence,
                 instance: Int32(instance), slot: slot)
  }

  /// - Complexity: O(log n)
  mutating func schedule(_ kind: EventKind, at time: SimTime, instance: Int = 0, slot: Int32 = -1) {
    let event = make(kind, at: time, instance: instance, slot: slot)
    if rootRetired {
      rootRetired = false
      heap.replaceMin(with: event)
    } else {
      heap.insert(event)
    }
  }

  /// The earliest event if it is not later than `limit` (left in the queue: the caller then
  /// calls `removeFirst` or `replaceFirst`).
  func first(notAfter limit: SimTime) -> Event? {
    guard let top = heap.min, top.timeMicros <= limit.microseconds else { return nil }
    return top
  }

  /// Removes and returns the earliest event if it is not later than `limit`.
  /// - Complexity: O(log n)
  mutating func popFirst(notAfter limit: SimTime) -> Event? {
    guard let top = first(notAfter: limit) else { return nil }
    heap.removeMin()
    return top
  }

  /// Removes the earliest event (the queue is not empty).
  /// - Complexity: O(log n)
  mutating func removeFirst() { heap.removeMin() }

  /// Marks the earliest event (just taken with `first(notAfter:)`) as handled while its handler
  /// runs: the handler's first `schedule` overwrites it (one sift instead of a removal and an
  /// insertion; a front-end event usually schedules the request's next one). Same order as
  /// `removeFirst()` then the `schedule`s (the order is total). Until `settle()`, only `schedule`
  /// may be called.
  mutating func retireFirst() { rootRetired = true }

  /// Ends the handling begun by `retireFirst()`: removes the handled event if nothing replaced it.
  /// - Complexity: O(log n)
  mutating func settle() {
    if rootRetired {
      rootRetired = false
      heap.removeMin()
    }
  }

  /// Replaces the earliest event (just handled) by a new one: one sift instead of a removal and
  /// an insertion. Same order as `removeFirst()` then `schedule(...)` (the order is total).
  /// - Complexity: O(log n)
  mutating func replaceFirst(with kind: EventKind, at time: SimTime, instance: Int = 0, slot: Int32 = -1) {
    heap.replaceMin(with: make(kind, at: time, instance: instance, slot: slot))
  }
}
