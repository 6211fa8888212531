/// A binary min-heap over a contiguous array: insert and remove-min in O(log n).
///
/// swift-collections' `Heap` is a min-max heap; for a min-only queue on the engine's hot path (the
/// decode cohort's finish ticks) a plain binary heap does about half the comparisons and moves.
/// Equal elements come out in an unspecified order, so callers order them totally (`Comparable`).
struct MinHeap<Element: Comparable & Sendable>: Sendable {
  private var storage: ContiguousArray<Element> = []

  var isEmpty: Bool { storage.isEmpty }
  var count: Int { storage.count }
  var min: Element? { storage.first }

  mutating func insert(_ element: Element) {
    storage.append(element)
    storage.withUnsafeMutableBufferPointer { h in
      var i = h.count - 1
      while i > 0 {
        let parent = (i - 1) >> 1
        guard element < h[parent] else { break }
        h[i] = h[parent]
        i = parent
      }
      h[i] = element
    }
  }

  @discardableResult
  mutating func removeMin() -> Element? {
    guard let top = storage.first else { return nil }
    let last = storage.removeLast()
    guard !storage.isEmpty else { return top }
    siftDown(last)
    return top
  }

  /// Replaces the minimum (the heap is not empty) by `element`: one sift instead of a removal and
  /// an insertion.
  mutating func replaceMin(with element: Element) {
    siftDown(element)
  }

  mutating func removeAll() { storage.removeAll(keepingCapacity: true) }

  /// Puts `last` at the root (overwriting it) and moves it down to its place.
  @inline(__always)
  private mutating func siftDown(_ last: Element) {
    storage.withUnsafeMutableBufferPointer { h in
      let n = h.count
      var i = 0
      while true {
        var child = 2 * i + 1
        if child >= n { break }
        if child + 1 < n && h[child + 1] < h[child] { child += 1 }
        guard h[child] < last else { break }
        h[i] = h[child]
        i = child
      }
      h[i] = last
    }
  }
}
