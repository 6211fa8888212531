extension Array {
  /// Empties the array keeping its capacity, without the cost of a generic `replaceSubrange`
  /// when it is already empty (hot paths clear scratch arrays every step).
  @inline(__always)
  mutating func clear() {
    if !isEmpty { removeAll(keepingCapacity: true) }
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
      removeLast(excess)
    }
  }

  /// Removes the first `k` elements (0 ≤ k ≤ count) keeping the rest's order and the capacity.
  @inline(__always)
  mutating func removePrefix(_ k: Int) {
    guard k > 0 else { return }
    let n = count
    withUnsafeMutableBufferPointer { b in
      for j in k..<n { b.swapAt(j - k, j) }
    }
    truncate(to: n - k)
  }
}
