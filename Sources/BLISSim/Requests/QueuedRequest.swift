/// A never-run request in an instance's wait queue that gave up its slot (stored byte-encoded,
/// ~10 bytes, not as this 48-byte value: see `PackedRequestQueue`). The encoding can also stand for
/// the slot of a preempted request (`preempted(slot:)`).
struct QueuedRequest: Sendable, Equatable {
  /// Request id (≥ 0), or −1 − slot for a preempted request.
  var id: Int
  var arrival: SimTime
  /// When it entered the wait queue (an async engine loop cannot schedule it in a batch formed earlier).
  var enqueuedAt: SimTime
  var promptSeed: UInt64
  var promptTokens: Int32
  var outputTokens: Int32
  var prefixGroup: Int32
  var prefixTokens: Int32

  /// A preempted request: it keeps its slot (its progress and first-token time survive).
  static func preempted(slot: Int32) -> QueuedRequest {
    QueuedRequest(id: -1 - Int(slot), arrival: .zero, enqueuedAt: .zero, promptSeed: 0, promptTokens: 0,
                  outputTokens: 0, prefixGroup: 0, prefixTokens: 0)
  }

  /// The slot of a preempted request; nil for a request that never ran.
  var preemptedSlot: Int32? { id < 0 ? Int32(-1 - id) : nil }
}
