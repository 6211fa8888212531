extension Array {
  /// Empties the array keeping its capacity, without the cost of a generic `replaceSubrange`
  /// when it is already empty (hot paths clear scratch arrays every step).
  @inline(__always)
  mutating func clear() {
    if !isEmpty { removeAll(keepingCapacity: true) }
  }

  /// Keeps the first `count` elements (no-op when it already has that many).
  @inline(__always)
  mutating func truncate(to count: Int) {
    if count < self.count { removeLast(self.count - count) }
  }
}
