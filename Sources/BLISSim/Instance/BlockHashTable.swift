/// A fixed-capacity open-addressing map from block hash (≠ 0) to block id.
///
/// Linear probing with backward-shift deletion: no tombstones, O(1) expected per operation,
/// no allocation after `init`. Capacity is a power of two ≥ 4 × the number of blocks, and each
/// block carries at most one hash, so the load factor stays ≤ 0.25 (short probe chains).
struct BlockHashTable: Sendable {
  private var keys: [UInt64]
  private var values: [Int32]
  private let mask: Int
  private(set) var count = 0

  init(maxEntries: Int) {
    var capacity = 16
    while capacity < maxEntries * 4 { capacity <<= 1 }
    keys = Array(repeating: 0, count: capacity)
    values = Array(repeating: -1, count: capacity)
    mask = capacity - 1
  }

  /// Keys are already well-mixed 64-bit hashes (`PromptBlockHashes`), so the low bits are the home.
  @inline(__always)
  private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key ^ (key >> 32)) & mask }

  /// The block holding `key`, or -1.
  @inline(__always)
  func lookup(_ key: UInt64) -> Int32 {
    var i = home(key)
    while true {
      let k = keys[i]
      if k == key { return values[i] }
      if k == 0 { return -1 }
      i = (i + 1) & mask
    }
  }

  /// Inserts `key → block` unless the key is present; returns whether it inserted.
  @discardableResult
  mutating func insertIfAbsent(_ key: UInt64, block: Int32) -> Bool {
    var i = home(key)
    while true {
      let k = keys[i]
      if k == key { return false }
      if k == 0 {
        keys[i] = key
        values[i] = block
        count += 1
        return true
      }
      i = (i + 1) & mask
    }
  }

  /// Removes `key` if it maps to `block` (a newer block may own the key).
  mutating func remove(_ key: UInt64, ifBlock block: Int32) {
    var i = home(key)
    while true {
      let k = keys[i]
      if k == 0 { return }
      if k == key { break }
      i = (i + 1) & mask
    }
    guard values[i] == block else { return }
    // Backward-shift deletion keeps every probe chain contiguous.
    var hole = i
    var j = i
    while true {
      j = (j + 1) & mask
      let k = keys[j]
      if k == 0 { break }
      let h = home(k)
      // Move k into the hole if its home is not in the cyclic range (hole, j].
      let inRange = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j)
      if !inRange {
        keys[hole] = k
        values[hole] = values[j]
        hole = j
      }
    }
    keys[hole] = 0
    values[hole] = -1
    count -= 1
  }
}
