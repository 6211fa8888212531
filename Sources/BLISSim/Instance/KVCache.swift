/// One instance's PagedAttention KV cache: fixed-size blocks, reference counts, prefix caching
/// with chained block hashes, and O(1) LRU eviction of free cached blocks.
///
/// Only blocks that a prefix lookup could ever find need an identity: prompt blocks of shared
/// prefixes, and blocks that hold a cached prompt. Those are **identified blocks** with an id,
/// a reference count and a hash. Every other block (decode tokens, prompts nobody else can match)
/// is **anonymous**: only counted. So memory follows the identified blocks in use, never the
/// cache's size, and a decode step that opens new blocks for a whole batch costs one subtraction.
///
/// Every block is used or free. A free identified block still carrying its hash is *cached*: a
/// lookup may find it ("lazy eviction"); free cached blocks form an LRU list (released ones at the
/// tail). Allocation takes an uncached free block when there is one and otherwise evicts the LRU
/// cached block (an improvement over the reference, which recycles strictly in release order and
/// so evicts cached prefixes earlier than necessary). Which uncached block is taken never matters:
/// ids are not observable, only hashes and the LRU order are.
///
/// Allocation is check-then-act: callers ask `freeBlocks` first, so a failed allocation never
/// mutates anything.
struct KVCache: Sendable {
  let totalBlocks: Int
  let blockSizeTokens: Int
  let prefixCachingEnabled: Bool

  // Identified blocks, by id (arrays grow with the number of ids in use).
  private var refCount: [Int32] = []
  private var blockHash: [UInt64] = []
  private var prev: [Int32] = []
  private var next: [Int32] = []
  /// Ids of identified blocks that are free and uncached (reusable ids).
  private var spareIDs: [Int32] = []
  /// The LRU list of free cached blocks: head = least recently released.
  private var cachedHead: Int32 = -1
  private var cachedTail: Int32 = -1
  private(set) var freeCachedBlocks = 0
  private(set) var usedBlocks = 0
  private var table: BlockHashTable

  // Statistics.
  private(set) var peakUsedBlocks = 0
  /// Σ used·Δt in block·µs, up to `usageClock`.
  private(set) var usedBlockMicros: Double = 0
  private(set) var usageClock: SimTime = .zero
  /// Prompt blocks looked up at admission, and how many of them were cache hits.
  private(set) var queriedPromptBlocks = 0
  private(set) var hitPromptBlocks = 0

  var freeBlocks: Int { totalBlocks - usedBlocks }
  /// Free blocks that carry no cached prompt (taken before any cached one is evicted).
  var freeUncachedBlocks: Int { totalBlocks - usedBlocks - freeCachedBlocks }
  /// Identified blocks that exist now (for memory accounting and tests).
  var identifiedBlocks: Int { refCount.count - spareIDs.count }

  init(totalBlocks: Int, blockSizeTokens: Int, prefixCaching: Bool) {
    precondition(totalBlocks > 0 && totalBlocks < Int(Int32.max) && blockSizeTokens > 0)
    self.totalBlocks = totalBlocks
    self.blockSizeTokens = blockSizeTokens
    self.prefixCachingEnabled = prefixCaching
    table = BlockHashTable(initialCapacity: 64)
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

  /// Takes a reference on a cached block found by `lookupPrefix` (removing it from the LRU list if
  /// it was free). Caller has checked capacity.
  mutating func acquireCached(_ block: Int32) {
    let b = Int(block)
    if refCount[b] == 0 {
      unlink(block)
      freeCachedBlocks -= 1
      usedBlocks += 1
      notePeak()
    }
    refCount[b] += 1
  }

  /// Takes one identified block (it may be hashed later), evicting the LRU cached block when no
  /// uncached block is free. Precondition: `freeBlocks > 0`.
  mutating func allocateBlock() -> Int32 {
    precondition(freeBlocks > 0, "KV allocation without capacity")
    let block: Int32
    if freeUncachedBlocks > 0 {
      if let spare = spareIDs.popLast() {
        block = spare
      } else {
        block = Int32(refCount.count)
        refCount.append(0); blockHash.append(0); prev.append(-1); next.append(-1)
      }
    } else {
      block = evictLeastRecentlyUsed()
    }
    refCount[Int(block)] = 1
    usedBlocks += 1
    notePeak()
    return block
  }

  /// Takes `n` anonymous blocks: uncached free ones first, then evicting LRU cached blocks.
  /// Precondition: `freeBlocks >= n`.
  @inline(__always)
  mutating func allocateAnonymous(_ n: Int) {
    guard n > 0 else { return }
    precondition(freeBlocks >= n, "KV allocation without capacity")
    let evictions = n - freeUncachedBlocks
    if evictions > 0 { evict(evictions) }
    usedBlocks += n
    notePeak()
  }

  /// Evicts `n` cached blocks into the spare ids (to be reused as anonymous blocks).
  private mutating func evict(_ n: Int) {
    for _ in 0..<n { spareIDs.append(evictLeastRecentlyUsed()) }
  }

  /// Returns `n` anonymous blocks.
  mutating func releaseAnonymous(_ n: Int) {
    usedBlocks -= n
  }

  /// Makes a full prompt block findable by later prefix lookups. If another block already
  /// holds the same content the new one stays unindexed (duplicates are not cached).
  mutating func register(_ block: Int32, hash: UInt64) {
    guard prefixCachingEnabled else { return }
    if table.insertIfAbsent(hash, block: block) { blockHash[Int(block)] = hash }
  }

  /// Turns `count` anonymous used blocks into identified ones carrying `hashes` (in position
  /// order), for a request whose unique prompt becomes findable (it is being preempted and may
  /// find its own prefix when it runs again). Returns their ids.
  mutating func identify(hashes: [UInt64], into blocks: inout [Int32]) {
    for h in hashes {
      let block: Int32
      if let spare = spareIDs.popLast() {
        block = spare
      } else {
        block = Int32(refCount.count)
        refCount.append(0); blockHash.append(0); prev.append(-1); next.append(-1)
      }
      refCount[Int(block)] = 1
      register(block, hash: h)
      blocks.append(block)
    }
  }

  /// Drops one reference on each identified block, last to first; blocks reaching zero become
  /// free (cached ones at the LRU tail).
  mutating func release(_ blocks: [Int32]) {
    var i = blocks.count - 1
    while i >= 0 {
      let block = blocks[i]
      let b = Int(block)
      refCount[b] -= 1
      if refCount[b] == 0 {
        if blockHash[b] == 0 {
          spareIDs.append(block)
        } else {
          pushBack(block)
          freeCachedBlocks += 1
        }
        usedBlocks -= 1
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

  // MARK: LRU list

  /// Evicts the least recently released cached block: drops its hash and returns its id.
  private mutating func evictLeastRecentlyUsed() -> Int32 {
    let block = cachedHead
    precondition(block >= 0, "no cached block to evict")
    unlink(block)
    freeCachedBlocks -= 1
    let b = Int(block)
    table.remove(blockHash[b], ifBlock: block)
    blockHash[b] = 0
    return block
  }

  @inline(__always)
  private mutating func notePeak() {
    if usedBlocks > peakUsedBlocks { peakUsedBlocks = usedBlocks }
  }

  private mutating func unlink(_ block: Int32) {
    let b = Int(block)
    let p = prev[b]
    let n = next[b]
    if p >= 0 { next[Int(p)] = n } else { cachedHead = n }
    if n >= 0 { prev[Int(n)] = p } else { cachedTail = p }
    prev[b] = -1
    next[b] = -1
  }

  private mutating func pushBack(_ block: Int32) {
    let b = Int(block)
    prev[b] = cachedTail
    next[b] = -1
    if cachedTail >= 0 { next[Int(cachedTail)] = block } else { cachedHead = block }
    cachedTail = block
  }
}

extension KVCache {
  /// Walks every structure and returns a description of the first broken invariant, or nil.
  /// `identifiedReferences` maps each identified block to the references requests hold on it;
  /// `anonymousBlocks` is how many anonymous blocks requests hold. O(identified blocks): tests only.
  func invariantViolation(identifiedReferences: [Int32: Int32]? = nil, anonymousBlocks: Int? = nil) -> String? {
    var onList = 0
    var b = cachedHead
    var last: Int32 = -1
    while b >= 0 {
      if onList > refCount.count { return "LRU list has a cycle" }
      if refCount[Int(b)] != 0 { return "block \(b) on the LRU list has refCount \(refCount[Int(b)])" }
      if blockHash[Int(b)] == 0 { return "block \(b) on the LRU list has no hash" }
      if prev[Int(b)] != last { return "LRU list back-link broken at block \(b)" }
      onList += 1
      last = b
      b = next[Int(b)]
    }
    if last != cachedTail { return "LRU tail is \(cachedTail), walk ended at \(last)" }
    if onList != freeCachedBlocks { return "LRU list holds \(onList) blocks, counter says \(freeCachedBlocks)" }
    if usedBlocks < 0 || usedBlocks > totalBlocks { return "used \(usedBlocks) outside 0...\(totalBlocks)" }
    let identifiedUsed = refCount.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
    if refCount.contains(where: { $0 < 0 }) { return "negative refCount" }
    if let anonymous = anonymousBlocks, identifiedUsed + anonymous != usedBlocks {
      return "identified \(identifiedUsed) + anonymous \(anonymous) used blocks != counter \(usedBlocks)"
    }
    if let expected = identifiedReferences {
      for i in 0..<refCount.count where refCount[i] != (expected[Int32(i)] ?? 0) {
        return "block \(i) has refCount \(refCount[i]) but requests hold \(expected[Int32(i)] ?? 0) references"
      }
    }
    for i in 0..<refCount.count where blockHash[i] != 0 && table.lookup(blockHash[i]) != Int32(i) {
      return "block \(i) carries a hash the table does not map to it"
    }
    return nil
  }
}

extension KVCache {
  /// Hashes carried by identified blocks, with whether the block is free (tests and debugging).
  var hashedBlocksForTesting: [UInt64: Bool] {
    var out: [UInt64: Bool] = [:]
    for i in 0..<blockHash.count where blockHash[i] != 0 { out[blockHash[i]] = refCount[i] == 0 }
    return out
  }
}
