/// A never-run request in an instance's wait queue that gave up its slot (stored byte-encoded,
/// ~10 bytes, not as this 48-byte value: see `PackedRequestQueue`).
struct QueuedRequest: Sendable, Equatable {
  var id: Int
  var arrival: SimTime
  /// When it entered the wait queue (an async engine loop cannot schedule it in a batch formed earlier).
  var enqueuedAt: SimTime
  var promptSeed: UInt64
  var promptTokens: Int32
  var outputTokens: Int32
  var prefixGroup: Int32
  var prefixTokens: Int32

  /// All zeros (a placeholder).
  static let zero = QueuedRequest(id: 0, arrival: .zero, enqueuedAt: .zero, promptSeed: 0, promptTokens: 0,
                                  outputTokens: 0, prefixGroup: 0, prefixTokens: 0)
}
