extension Array {
  /// Empties the array keeping its capacity, without the cost of a generic `replaceSubrange`
  /// when it holds only a few elements (hot paths clear scratch arrays every step).
  @inline(__always)
  mutating func clear() {
    truncate(to: 0)
  }

  /// Keeps the first `count` elements (no-op when it already has that many). A few elements are
  /// dropped one by one: `removeLast(_:)` goes through a generic `replaceSubrange`, which costs
  /// more than the hot paths' typical one or two `removeLast()`.
  @inline(__always)
  mutating func truncate(to count: Int) {
    let excess = self.count - count
    guard excess > 0 else { return }
    if excess <= 4 {
      for _ in 0..<excess { removeLast() }
    } else {
      removeLast(excess)   // keeps the capacity
    }
  }
}
