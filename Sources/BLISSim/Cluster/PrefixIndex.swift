/// The router's approximate view of which prompt blocks each instance has cached: an LRU set of
/// block hashes per instance (capacity `capacityPerInstance`), touched with every routed
/// request's prompt blocks. It never reads the instances' real caches (like the reference's
/// prefix-affinity scorer and llm-d's approximate prefix scorer).
struct PrefixIndex: Sendable {
  private var sets: [HashLRU]

  init(instances: Int, capacityPerInstance: Int = 10_000) {
    sets = (0..<instances).map { _ in HashLRU(capacity: capacityPerInstance) }
  }

  /// Leading blocks of `hashes` (consecutive from block 0) present for `instance`.
  func matchedBlocks(_ hashes: [UInt64], instance: Int) -> Int {
    var n = 0
    for h in hashes {
      guard sets[instance].contains(h) else { break }
      n += 1
    }
    return n
  }

  mutating func touch(_ hashes: [UInt64], instance: Int) {
    for h in hashes { sets[instance].touch(h) }
  }
}

/// A bounded set of 64-bit keys with least-recently-touched eviction, O(1) per operation.
struct HashLRU: Sendable {
  private let capacity: Int
  private var slotOf: BlockHashTable
  private var keys: [UInt64] = []
  private var prev: [Int32] = []
  private var next: [Int32] = []
  private var head: Int32 = -1  // least recent
  private var tail: Int32 = -1  // most recent

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    slotOf = BlockHashTable(maxEntries: self.capacity)
  }

  /// Keys are non-zero block hashes.
  func contains(_ key: UInt64) -> Bool { slotOf.lookup(key) >= 0 }

  mutating func touch(_ key: UInt64) {
    let existing = slotOf.lookup(key)
    if existing >= 0 {
      unlink(existing)
      append(existing)
      return
    }
    let s: Int32
    if keys.count < capacity {
      s = Int32(keys.count)
      keys.append(key); prev.append(-1); next.append(-1)
    } else {
      s = head
      unlink(s)
      slotOf.remove(keys[Int(s)], ifBlock: s)
      keys[Int(s)] = key
    }
    slotOf.insertIfAbsent(key, block: s)
    append(s)
  }

  private mutating func unlink(_ s: Int32) {
    let p = prev[Int(s)], n = next[Int(s)]
    if p >= 0 { next[Int(p)] = n } else { head = n }
    if n >= 0 { prev[Int(n)] = p } else { tail = p }
  }

  private mutating func append(_ s: Int32) {
    prev[Int(s)] = tail
    next[Int(s)] = -1
    if tail >= 0 { next[Int(tail)] = s } else { head = s }
    tail = s
  }
}
