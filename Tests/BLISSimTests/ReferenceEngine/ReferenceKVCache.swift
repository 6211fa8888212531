// The engine as it was before the O(1)-per-step rewrite, kept verbatim (types renamed Reference…)
// as the oracle of the differential test (DifferentialEngineTests): the optimised engine must give
// byte-identical reports and request records. Do not optimise or "fix" this copy: change it only
// when the engine's intended behaviour changes, in the same commit.
@testable import BLISSim
/// One instance's PagedAttention KV cache: fixed-size blocks, reference counts, prefix caching
/// with chained block hashes, and O(1) LRU eviction of free cached blocks.
///
/// Every block is either *used* (`refCount > 0`, owned by one or more running requests) or *free*
/// (`refCount == 0`, on the free list). A free block may still carry its hash and be found by a
/// prefix lookup ("lazy eviction"): its hash is dropped only when the block is reused. Free
/// blocks without a hash are put at the head of the free list so they are reused before cached
/// ones (an improvement over the reference, which recycles strictly in release order and so
/// evicts cached prefixes earlier than necessary); cached blocks are appended at the tail, so
/// eviction is least-recently-released first.
///
/// Allocation is check-then-act: callers ask `freeBlocks` first, so a failed allocation never
/// mutates anything.
struct ReferenceKVCache: Sendable {
  let totalBlocks: Int
  let blockSizeTokens: Int
  let prefixCachingEnabled: Bool

  var refCount: [Int32]
  var blockHash: [UInt64]
  private var prev: [Int32]
  private var next: [Int32]
  private var freeHead: Int32 = -1
  private var freeTail: Int32 = -1
  private(set) var freeBlocks: Int
  private var table: BlockHashTable

  // Statistics.
  private(set) var peakUsedBlocks = 0
  /// Σ used·Δt in block·µs, up to `usageClock`.
  private(set) var usedBlockMicros: Double = 0
  private(set) var usageClock: SimTime = .zero
  /// Prompt blocks looked up at admission, and how many of them were cache hits.
  private(set) var queriedPromptBlocks = 0
  private(set) var hitPromptBlocks = 0

  var usedBlocks: Int { totalBlocks - freeBlocks }

  init(totalBlocks: Int, blockSizeTokens: Int, prefixCaching: Bool) {
    precondition(totalBlocks > 0 && totalBlocks < Int(Int32.max) && blockSizeTokens > 0)
    self.totalBlocks = totalBlocks
    self.blockSizeTokens = blockSizeTokens
    self.prefixCachingEnabled = prefixCaching
    refCount = Array(repeating: 0, count: totalBlocks)
    blockHash = Array(repeating: 0, count: totalBlocks)
    prev = (0..<totalBlocks).map { Int32($0 - 1) }
    next = (0..<totalBlocks).map { $0 + 1 < totalBlocks ? Int32($0 + 1) : -1 }
    freeHead = 0
    freeTail = Int32(totalBlocks - 1)
    freeBlocks = totalBlocks
    table = BlockHashTable(maxEntries: prefixCaching ? totalBlocks : 1)
  }

  // MARK: Prefix lookup

  /// Finds the longest cached prefix of a prompt, at most `maxBlocks` blocks, appending the block
  /// ids to `blocks`. Returns the number found and the chain hash after the last one. Pure query.
  func lookupPrefix(_ hashes: PromptBlockHashes, maxBlocks: Int, into blocks: inout [Int32])
    -> (count: Int, chainHash: UInt64, freeAmongThem: Int)
  {
    guard prefixCachingEnabled else { return (0, PromptBlockHashes.root, 0) }
    var h = PromptBlockHashes.root
    var found = 0
    var free = 0
    while found < maxBlocks {
      let candidate = hashes.hash(ofBlock: found, previous: h)
      let block = table.lookup(candidate)
      if block < 0 { break }
      blocks.append(block)
      if refCount[Int(block)] == 0 { free += 1 }
      h = candidate
      found += 1
    }
    return (found, h, free)
  }

  /// Counts one admission's prefix lookup for the hit rate.
  mutating func recordLookup(promptBlocks: Int, hitBlocks: Int) {
    queriedPromptBlocks += promptBlocks
    hitPromptBlocks += hitBlocks
  }

  // MARK: Allocation

  /// Takes a reference on a cached block found by `lookupPrefix` (removing it from the free list
  /// if it was free). Caller has checked capacity.
  mutating func acquireCached(_ block: Int32) {
    let b = Int(block)
    if refCount[b] == 0 {
      unlink(block)
      freeBlocks -= 1
      notePeak()
    }
    refCount[b] += 1
  }

  /// Takes a fresh block from the head of the free list, evicting its old hash.
  /// Precondition: `freeBlocks > 0`.
  mutating func allocateBlock() -> Int32 {
    precondition(freeBlocks > 0, "KV allocation without capacity")
    let block = freeHead
    unlink(block)
    freeBlocks -= 1
    let b = Int(block)
    let old = blockHash[b]
    if old != 0 {
      table.remove(old, ifBlock: block)
      blockHash[b] = 0
    }
    refCount[b] = 1
    notePeak()
    return block
  }

  /// Makes a full prompt block findable by later prefix lookups. If another block already
  /// holds the same content the new one stays unindexed (duplicates are not cached).
  mutating func register(_ block: Int32, hash: UInt64) {
    guard prefixCachingEnabled else { return }
    if table.insertIfAbsent(hash, block: block) { blockHash[Int(block)] = hash }
  }

  /// Drops one reference on each block, last to first; blocks reaching zero become free.
  mutating func release(_ blocks: [Int32]) {
    var i = blocks.count - 1
    while i >= 0 {
      let block = blocks[i]
      let b = Int(block)
      refCount[b] -= 1
      if refCount[b] == 0 {
        if blockHash[b] == 0 { pushFront(block) } else { pushBack(block) }
        freeBlocks += 1
      }
      i -= 1
    }
  }

  // MARK: Usage integral

  /// Accumulates used·Δt up to `now` (call before every change of `usedBlocks`' epoch).
  mutating func advanceUsageClock(to now: SimTime) {
    let dt = now.microseconds - usageClock.microseconds
    if dt > 0 {
      usedBlockMicros += Double(usedBlocks) * Double(dt)
      usageClock = now
    }
  }

  /// Time-weighted mean of used blocks over [0, `now`].
  func meanUsedBlocks(at now: SimTime) -> Double {
    guard now.microseconds > 0 else { return Double(usedBlocks) }
    let tail = Double(usedBlocks) * Double(max(0, now.microseconds - usageClock.microseconds))
    return (usedBlockMicros + tail) / Double(now.microseconds)
  }

  var prefixHitRate: Double {
    queriedPromptBlocks == 0 ? 0 : Double(hitPromptBlocks) / Double(queriedPromptBlocks)
  }

  // MARK: Free list

  @inline(__always)
  private mutating func notePeak() {
    let used = totalBlocks - freeBlocks
    if used > peakUsedBlocks { peakUsedBlocks = used }
  }

  private mutating func unlink(_ block: Int32) {
    let b = Int(block)
    let p = prev[b]
    let n = next[b]
    if p >= 0 { next[Int(p)] = n } else { freeHead = n }
    if n >= 0 { prev[Int(n)] = p } else { freeTail = p }
    prev[b] = -1
    next[b] = -1
  }

  private mutating func pushBack(_ block: Int32) {
    let b = Int(block)
    prev[b] = freeTail
    next[b] = -1
    if freeTail >= 0 { next[Int(freeTail)] = block } else { freeHead = block }
    freeTail = block
  }

  private mutating func pushFront(_ block: Int32) {
    let b = Int(block)
    next[b] = freeHead
    prev[b] = -1
    if freeHead >= 0 { prev[Int(freeHead)] = block } else { freeTail = block }
    freeHead = block
  }
}

extension ReferenceKVCache {
  /// Walks every structure and returns a description of the first broken invariant, or nil.
  /// O(blocks): for tests only.
  func invariantViolation(expectedReferences: [Int32]? = nil) -> String? {
    var onList = 0
    var b = freeHead
    var last: Int32 = -1
    while b >= 0 {
      if onList > totalBlocks { return "free list has a cycle" }
      if refCount[Int(b)] != 0 { return "block \(b) on the free list has refCount \(refCount[Int(b)])" }
      if prev[Int(b)] != last { return "free list back-link broken at block \(b)" }
      onList += 1
      last = b
      b = next[Int(b)]
    }
    if last != freeTail { return "free list tail is \(freeTail), walk ended at \(last)" }
    if onList != freeBlocks { return "free list holds \(onList) blocks, counter says \(freeBlocks)" }
    let used = refCount.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    if used + freeBlocks != totalBlocks { return "used \(used) + free \(freeBlocks) != total \(totalBlocks)" }
    if refCount.contains(where: { $0 < 0 }) { return "negative refCount" }
    if let expected = expectedReferences {
      for i in 0..<totalBlocks where refCount[i] != expected[i] {
        return "block \(i) has refCount \(refCount[i]) but requests hold \(expected[i]) references"
      }
    }
    for i in 0..<totalBlocks where blockHash[i] != 0 && table.lookup(blockHash[i]) != Int32(i) {
      return "block \(i) carries a hash the table does not map to it"
    }
    return nil
  }
}

extension ReferenceKVCache {
  var hashedBlocksForTesting: [UInt64: Bool] {
    var out: [UInt64: Bool] = [:]
    for i in 0..<blockHash.count where blockHash[i] != 0 { out[blockHash[i]] = refCount[i] == 0 }
    return out
  }
}
