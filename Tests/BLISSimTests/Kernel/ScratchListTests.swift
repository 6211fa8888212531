import Testing
@testable import BLISSim

/// `ScratchList` keeps stale storage behind its count: every operation must still behave like the
/// same operation on an `Array` (random operation sequences, compared after each step).
@Test func scratchListBehavesLikeAnArray() {
  var rng = SeededGenerator(seed: 5)
  var list = ScratchList<Int32>()
  var reference: [Int32] = []
  var next: Int32 = 0
  for step in 0..<50_000 {
    next += 1
    switch rng.next() % 9 {
    case 0, 1, 2:
      list.append(next); reference.append(next)
    case 3:
      if !reference.isEmpty { #expect(list.removeLast() == reference.removeLast()) }
    case 4:
      let k = Int(rng.next() % UInt64(reference.count + 2))
      list.truncate(to: k); reference = Array(reference.prefix(k))
    case 5:
      let k = Int(rng.next() % UInt64(reference.count + 1))
      list.removePrefix(k); reference.removeFirst(k)
    case 6:
      let at = Int(rng.next() % UInt64(reference.count + 1))
      let items = (0..<Int32(rng.next() % 4)).map { next * 10 + $0 }
      list.insert(contentsOf: items, at: at); reference.insert(contentsOf: items, at: at)
    case 7:
      if !reference.isEmpty {
        let i = Int(rng.next() % UInt64(reference.count))
        list.remove(at: i); reference.remove(at: i)
      }
    default:
      if rng.next() % 8 == 0 { list.clear(); reference.removeAll() } else if !reference.isEmpty {
        let i = Int(rng.next() % UInt64(reference.count))
        list[i] = -next; reference[i] = -next
      }
    }
    #expect(Array(list) == reference, "step \(step)")
    #expect(list.count == reference.count && list.isEmpty == reference.isEmpty)
    #expect(list.withUnsafeBufferPointer { Array($0) } == reference)
  }
}

/// A copy is a value: later changes to either side do not show in the other.
@Test func scratchListCopiesAreIndependent() {
  var a = ScratchList<Int64>()
  for v in 1...5 { a.append(Int64(v)) }
  var b = a
  b[0] = 100
  b.truncate(to: 2)
  b.append(7)
  a.clear()
  a.append(9)
  #expect(Array(a) == [9])
  #expect(Array(b) == [100, 2, 7])
  b.withUnsafeMutableBufferPointer { $0[1] = 42 }
  #expect(Array(b) == [100, 42, 7])
}
