import Testing
@testable import BLISSim

private func hashes(group: Int = -1, prefix: Int = 0, seed: UInt64) -> PromptBlockHashes {
  PromptBlockHashes(prefixGroup: group, prefixTokens: prefix, promptSeed: seed, blockSizeTokens: 16)
}

private func chain(_ h: PromptBlockHashes, blocks: Int) -> [UInt64] {
  var out: [UInt64] = []
  var prev = PromptBlockHashes.root
  for b in 0..<blocks { prev = h.hash(ofBlock: b, previous: prev); out.append(prev) }
  return out
}

@Test func releasedBlocksStayFindableUntilReused() {
  var kv = KVCache(totalBlocks: 4, blockSizeTokens: 16, prefixCaching: true)
  let h = chain(hashes(seed: 1), blocks: 2)
  let a = kv.allocateBlock(), b = kv.allocateBlock()
  kv.register(a, hash: h[0]); kv.register(b, hash: h[1])
  kv.release([a, b])
  #expect(kv.freeBlocks == 4)
  var found: [Int32] = []
  let hit = kv.lookupPrefix(hashes(seed: 1), maxBlocks: 10, into: &found)
  #expect(hit.count == 2 && found == [a, b] && hit.freeAmongThem == 2)
  // Two unhashed free blocks are reused first; the cached ones survive.
  _ = kv.allocateBlock(); _ = kv.allocateBlock()
  found = []
  #expect(kv.lookupPrefix(hashes(seed: 1), maxBlocks: 10, into: &found).count == 2)
  // The next allocation evicts the least recently released cached block: b (released first,
  // since release walks last to first) — which breaks the chain after a.
  let c = kv.allocateBlock()
  #expect(c == b)
  found = []
  #expect(kv.lookupPrefix(hashes(seed: 1), maxBlocks: 10, into: &found).count == 1)
  #expect(kv.invariantViolation() == nil)
}

@Test func sharedBlocksAreReferenceCounted() {
  var kv = KVCache(totalBlocks: 8, blockSizeTokens: 16, prefixCaching: true)
  let h = chain(hashes(group: 3, prefix: 32, seed: 9), blocks: 2)
  let a = kv.allocateBlock(), b = kv.allocateBlock()
  kv.register(a, hash: h[0]); kv.register(b, hash: h[1])
  // Another prompt of group 3 with a different suffix shares both prefix blocks.
  var found: [Int32] = []
  let hit = kv.lookupPrefix(hashes(group: 3, prefix: 32, seed: 1234), maxBlocks: 10, into: &found)
  #expect(hit.count == 2 && hit.freeAmongThem == 0)
  for blk in found { kv.acquireCached(blk) }
  kv.release([a, b])
  #expect(kv.usedBlocks == 2)
  kv.release(found)
  #expect(kv.usedBlocks == 0)
  #expect(kv.invariantViolation() == nil)
  #expect(kv.peakUsedBlocks == 2)
}

@Test func prefixCachingOffFindsNothing() {
  var kv = KVCache(totalBlocks: 4, blockSizeTokens: 16, prefixCaching: false)
  let h = chain(hashes(seed: 1), blocks: 1)
  let a = kv.allocateBlock()
  kv.register(a, hash: h[0])
  var found: [Int32] = []
  #expect(kv.lookupPrefix(hashes(seed: 1), maxBlocks: 4, into: &found).count == 0)
}

@Test func usageIntegralIsTimeWeighted() {
  var kv = KVCache(totalBlocks: 10, blockSizeTokens: 16, prefixCaching: false)
  kv.advanceUsageClock(to: SimTime(microseconds: 100))  // 0 used for 100 µs
  let a = kv.allocateBlock(), b = kv.allocateBlock()
  kv.advanceUsageClock(to: SimTime(microseconds: 400))  // 2 used for 300 µs
  kv.release([a, b])
  #expect(kv.meanUsedBlocks(at: SimTime(microseconds: 600)) == 600.0 / 600.0)  // 2·300 / 600
}

@Test func blockHashTableAgreesWithADictionaryOverRandomOperations() {
  for seed in UInt64(0)..<50 {
    var rng = SeededGenerator(seed: seed)
    var table = BlockHashTable(maxEntries: 64)
    var model: [UInt64: Int32] = [:]
    for step in 0..<2_000 {
      let key = rng.next() % 200 + 1  // small key space: many collisions and removals
      let block = Int32(rng.next() % 64)
      if rng.next() % 2 == 0 {
        if model.count < 100 {
          let inserted = table.insertIfAbsent(key, block: block)
          #expect(inserted == (model[key] == nil), "seed \(seed) step \(step)")
          if model[key] == nil { model[key] = block }
        }
      } else {
        // Remove only if the key maps to `target` (sometimes a wrong block, which must be a no-op).
        let target = rng.next() % 3 == 0 ? block : (model[key] ?? block)
        table.remove(key, ifBlock: target)
        if model[key] == target { model[key] = nil }
      }
      if step % 50 == 0 {
        for k in UInt64(1)...200 where table.lookup(k) != (model[k] ?? -1) {
          Issue.record("seed \(seed) step \(step): key \(k) → \(table.lookup(k)), expected \(model[k] ?? -1)")
          return
        }
        #expect(table.count == model.count, "seed \(seed)")
      }
    }
  }
}
