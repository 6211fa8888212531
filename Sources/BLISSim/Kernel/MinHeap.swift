/// A binary min-heap over a contiguous array: insert and remove-min in O(log n).
///
/// swift-collections' `Heap` is a min-max heap; for a min-only queue on the engine's hot path (the
/// event queue, the decode cohort's far finish ticks) a plain binary heap does about half the
/// comparisons and moves. The array never shrinks: `count` elements are live and a removal leaves a
/// dead copy behind (hence plain values only, `BitwiseCopyable`), so every operation is one sift on
/// one unsafe buffer. Equal elements come out in an unspecified order, so callers order them
/// totally (`Comparable`).
struct MinHeap<Element: Comparable & Sendable & BitwiseCopyable>: Sendable {
  private var storage: ContiguousArray<Element> = []
  private(set) var count = 0

  var isEmpty: Bool { count == 0 }
  var min: Element? { count > 0 ? storage[0] : nil }

  @inline(__always)
  mutating func insert(_ element: Element) {
    if count == storage.count { storage.append(element) }
    let n = count
    count += 1
    storage.withUnsafeMutableBufferPointer { h in
      var i = n
      while i > 0 {
        let parent = (i - 1) >> 1
        guard element < h[parent] else { break }
        h[i] = h[parent]
        i = parent
      }
      h[i] = element
    }
  }

  @discardableResult @inline(__always)
  mutating func removeMin() -> Element? {
    guard count > 0 else { return nil }
    count -= 1
    let n = count
    return storage.withUnsafeMutableBufferPointer { h in
      let top = h[0]
      if n > 0 { Self.siftDown(h[n], in: h, count: n) }
      return top
    }
  }

  /// Replaces the minimum (the heap is not empty) by `element`: one sift instead of a removal and
  /// an insertion.
  @inline(__always)
  mutating func replaceMin(with element: Element) {
    let n = count
    precondition(n > 0, "replaceMin on an empty heap")
    storage.withUnsafeMutableBufferPointer { h in Self.siftDown(element, in: h, count: n) }
  }

  mutating func removeAll() { count = 0 }

  /// Puts `last` at the root of the first `n` elements (overwriting it) and moves it down to its place.
  @inline(__always)
  private static func siftDown(_ last: Element, in h: UnsafeMutableBufferPointer<Element>, count n: Int) {
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
