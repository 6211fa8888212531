/// An open-addressing map from block hash (≠ 0) to block id.
///
/// Linear probing with backward-shift deletion: no tombstones, O(1) expected per operation.
/// Capacity is a power of two that doubles whenever the table would pass a load factor of 0.25
/// (short probe chains), so memory follows the hashed blocks that exist, not the cache size.
struct BlockHashTable: Sendable {
  /// Key 0 marks an empty slot; key and value share a cache line.
  private struct Entry: Sendable {
    var key: UInt64
    var block: Int32
  }
  private var entries: [Entry]
  private var mask: Int
  private(set) var count = 0

  init(initialCapacity: Int = 16) {
    var capacity = 16
    while capacity < initialCapacity { capacity <<= 1 }
    entries = Array(repeating: Entry(key: 0, block: -1), count: capacity)
    mask = capacity - 1
  }

  /// A table that holds `maxEntries` keys without growing.
  init(maxEntries: Int) { self.init(initialCapacity: maxEntries * 4) }

  /// Doubles the capacity and re-inserts every entry.
  private mutating func grow() {
    let old = entries
    entries = Array(repeating: Entry(key: 0, block: -1), count: old.count * 2)
    mask = entries.count - 1
    count = 0
    for e in old where e.key != 0 { _ = insertIfAbsent(e.key, block: e.block) }
  }

  /// Keys are already well-mixed 64-bit hashes (`PromptBlockHashes`), so the low bits are the home.
  @inline(__always)
  private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key ^ (key >> 32)) & mask }

  /// The block holding `key`, or -1.
  @inline(__always)
  func lookup(_ key: UInt64) -> Int32 {
    var i = home(key)
    while true {
      let k = entries[i].key
      if k == key { return entries[i].block }
      if k == 0 { return -1 }
      i = (i + 1) & mask
    }
  }

  /// Inserts `key → block` unless the key is present; returns whether it inserted.
  @discardableResult
  mutating func insertIfAbsent(_ key: UInt64, block: Int32) -> Bool {
    if (count + 1) * 4 > entries.count { grow() }
    var i = home(key)
    while true {
      let k = entries[i].key
      if k == key { return false }
      if k == 0 {
        entries[i] = Entry(key: key, block: block)
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
      let k = entries[i].key
      if k == 0 { return }
      if k == key { break }
      i = (i + 1) & mask
    }
    guard entries[i].block == block else { return }
    // Backward-shift deletion keeps every probe chain contiguous.
    var hole = i
    var j = i
    while true {
      j = (j + 1) & mask
      let k = entries[j].key
      if k == 0 { break }
      let h = home(k)
      // Move k into the hole if its home is not in the cyclic range (hole, j].
      let inRange = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j)
      if !inRange {
        entries[hole] = entries[j]
        hole = j
      }
    }
    entries[hole] = Entry(key: 0, block: -1)
    count -= 1
  }
}
