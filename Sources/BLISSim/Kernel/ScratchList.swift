/// A list of plain values refilled every step (a step's output chunks, its finishers, …): emptying
/// it resets a count and keeps the storage, so `clear()` costs nothing, where shrinking an
/// `Array` goes element by element through its copy-on-write and bounds checks.
///
/// Elements are `BitwiseCopyable`: the slots beyond `count` keep stale values that need no release.
struct ScratchList<Element: BitwiseCopyable>: RandomAccessCollection, MutableCollection, Sendable
where Element: Sendable {
  /// Storage; its first `count` elements are the list.
  private var storage: [Element] = []
  private(set) var count = 0

  init() {}

  var startIndex: Int { 0 }
  var endIndex: Int {
    @inline(__always) get { count }
  }
  var isEmpty: Bool {
    @inline(__always) get { count == 0 }
  }

  subscript(i: Int) -> Element {
    @inline(__always) get {
      precondition(i < count, "ScratchList index out of range")
      return storage[i]
    }
    @inline(__always) set {
      precondition(i < count, "ScratchList index out of range")
      storage[i] = newValue
    }
  }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count < storage.count { storage[count] = element } else { storage.append(element) }
    count += 1
  }

  /// Empties the list (the storage is kept).
  @inline(__always)
  mutating func clear() { count = 0 }

  /// Removes the element at `i`, keeping the others' order.
  mutating func remove(at i: Int) {
    precondition(i < count, "ScratchList index out of range")
    storage.withUnsafeMutableBufferPointer { b in
      for j in i..<(count - 1) { b[j] = b[j + 1] }
    }
    count -= 1
  }

  /// Removes and returns the last element (the list is not empty).
  @discardableResult
  @inline(__always)
  mutating func removeLast() -> Element {
    precondition(count > 0, "removeLast on an empty ScratchList")
    count -= 1
    return storage[count]
  }

  /// Removes the first `k` elements (0 ≤ k ≤ count), keeping the rest's order.
  mutating func removePrefix(_ k: Int) {
    guard k > 0 else { return }
    precondition(k <= count, "ScratchList prefix out of range")
    let n = count
    storage.withUnsafeMutableBufferPointer { b in
      for j in k..<n { b[j - k] = b[j] }
    }
    count = n - k
  }

  /// Inserts `elements` before position `i` (0 ≤ i ≤ count).
  mutating func insert<C: Collection>(contentsOf elements: C, at i: Int) where C.Element == Element {
    precondition(i >= 0 && i <= count, "ScratchList insertion index out of range")
    storage.removeLast(storage.count - count)
    storage.insert(contentsOf: elements, at: i)
    count = storage.count
  }

  /// Calls `body` with the list's elements (`count` of them) as an unsafe buffer.
  func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
    let n = count
    return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<n])) }
  }

  /// Calls `body` with the list's elements (`count` of them) as an unsafe mutable buffer.
  mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
    let n = count
    return try storage.withUnsafeMutableBufferPointer { try body(UnsafeMutableBufferPointer(rebasing: $0[..<n])) }
  }

  /// Keeps the first `k` elements (no-op when there are no more than `k`).
  @inline(__always)
  mutating func truncate(to k: Int) { count = Swift.max(0, Swift.min(count, k)) }
}
