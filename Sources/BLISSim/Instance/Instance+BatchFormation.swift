/// vLLM batch formation (one call per engine step).
///
/// With chunked prefill (the default, vLLM V1): Phase 1 walks the running batch in admission order
/// and gives each request its next chunk: the rest of its prompt (capped by the long-prefill
/// threshold and the step's token budget), or one decode token. A request that needs KV blocks
/// that are not free preempts the newest running request (the tail) until the blocks fit; if it is
/// itself the tail it is preempted and Phase 1 stops. Phase 2 then admits waiting requests from the
/// head of the queue (no skipping: FCFS head-of-line blocking, like vLLM) while there is budget and
/// room, unless something was preempted in this step. Only requests that received tokens enter the
/// step's `BatchShape` and advance (the reference's later fix; originally skipped requests advanced
/// too).
///
/// The decode cohort is the front of the running batch: when the budget covers one token for each
/// member and the KV cache has the blocks its members open this step, Phase 1 gives it its tokens in
/// O(1) and continues with the explicit requests; otherwise the cohort is dissolved first and the
/// step is formed request by request (the same rules, so the same batch).
///
/// Without chunked prefill a prompt is always scheduled whole. `mixed` (vLLM V1): as above, but a
/// prompt that does not fit the rest of the budget waits. `prefillOnlySteps` (vLLM V0): a step is
/// either prefill-only — whole waiting prompts, FCFS, while they fit, stalling the running decodes —
/// or, when no prompt can be admitted, decode-only for the whole running batch; a decode-only step
/// runs `multiStep` tokens per request.
///
/// An async engine loop formed this batch while the previous step ran, so Phase 2 admits only
/// requests that entered the wait queue by `admittingUntil` (preempted requests are exempt).
extension Instance {
  /// What `formBatch` scheduled.
  struct BatchPlan {
    /// Requests that received tokens.
    var scheduled = 0
    /// Tokens scheduled (prefill chunk tokens + decode tokens).
    var scheduledTokens = 0
    /// Output tokens the step produces (decodes, and prompts it completes).
    var outputTokens = 0
    /// GPU steps this batch runs (multi-step decode-only batches run several).
    var decodeSteps = 1
    /// The cohort got its tokens (it advances in `execute`).
    var cohortScheduled = false
  }

  /// Forms this step's batch into `shape` / `newTokens`.
  @inline(__always)
  mutating func formBatch(at now: SimTime, admittingUntil cutoff: SimTime) -> BatchPlan {
    shape.prefills.clear()
    shape.decodeCount = 0
    shape.decodeContextTokensSum = 0
    var plan = BatchPlan()
    var budget = maxNumBatchedTokens
    if !chunkedPrefill && serving.engineLoop.unchunkedPrefill == .prefillOnlySteps {
      admitWaiting(at: now, cutoff: cutoff, budget: &budget, plan: &plan)
      if plan.scheduled == 0 { scheduleRunning(tokensPerDecode: serving.engineLoop.multiStep, budget: &budget, plan: &plan) }
      return plan
    }
    let preempted = scheduleRunning(tokensPerDecode: 1, budget: &budget, plan: &plan)
    // Tested here: most steps have nobody waiting, and the call itself costs more than the test.
    if !preempted && !waiting.isEmpty { admitWaiting(at: now, cutoff: cutoff, budget: &budget, plan: &plan) }
    return plan
  }

  /// Phase 1: the cohort, then the explicit running requests in order. Returns whether something
  /// was preempted. A decode-only step with `tokensPerDecode` > 1 is a multi-step batch (it ignores
  /// the token budget, like vLLM's multi-step decode).
  @discardableResult
  @inline(__always)
  mutating func scheduleRunning(tokensPerDecode k: Int, budget: inout Int, plan: inout BatchPlan) -> Bool {
    var preempted = false
    if !cohort.isEmpty {
      // The cohort gets one token per member when the budget allows (else the step goes request by
      // request), after the blocks its members open this tick (which may preempt from the tail).
      if cohort.count <= budget { preempted = allocateCohortBlocks() } else { dissolveCohort() }
    }
    if !cohort.isEmpty {
      budget -= cohort.count
      plan.scheduled += cohort.count
      plan.scheduledTokens += cohort.count
      plan.outputTokens += cohort.count
      plan.cohortScheduled = true
    }
    var decodeCount = plan.cohortScheduled ? cohort.count : 0
    var decodeContext = plan.cohortScheduled ? cohort.contextSum : 0
    // Requests ahead of the explicit list (a request at explicit index 0 is not alone when these exist).
    let ahead = plan.cohortScheduled ? cohort.count : 0
    // The count is re-read every iteration because preemption removes requests from the tail.
    var i = 0
    while i < running.count && (budget > 0 || k > 1) {
      if k == 1 {
        i = scheduleSimpleDecodes(from: i, budget: &budget, decodeCount: &decodeCount, decodeContext: &decodeContext,
                                  plan: &plan)
        guard i < running.count && budget > 0 else { break }
      }
      let s = Int(running[i])
      let computed = Int(progress[s].computedTokens)
      let input = Int(progress[s].prefillEndTokens)
      if computed < input {
        var n = input - computed
        if longPrefillTokenThreshold > 0 && n > longPrefillTokenThreshold { n = longPrefillTokenThreshold }
        if n > budget { n = budget }
        let needed = blockSize.blocks(holding: computed + n) - slots[s].blockCount
        if needed > 0 {
          let outcome = makeRoom(blocks: needed, forRunningIndex: i, ahead: ahead)
          if outcome != .fits { preempted = true }
          if outcome == .requestLeft { break }
        }
        allocatePrompt(s, upTo: computed + n)
        newTokens[i] = Int32(n)
        budget -= n
        plan.scheduledTokens += n
        if computed + n == input { plan.outputTokens += 1 }
        shape.prefills.append(PrefillChunk(contextTokens: computed, newTokens: n, completesPrompt: computed + n == input))
      } else {
        let t = k == 1 ? 1 : min(k, Int(progress[s].outputTokens - progress[s].emittedTokens))
        let needed = blockSize.blocks(holding: computed + t) - slots[s].blockCount
        if needed > 0 {
          let outcome = makeRoom(blocks: needed, forRunningIndex: i, ahead: ahead)
          if outcome != .fits { preempted = true }
          if outcome == .requestLeft { break }
          kv.allocateAnonymous(needed)
          slots[s].anonymousBlocks += Int32(needed)
        }
        newTokens[i] = Int32(t)
        if k == 1 { budget -= 1 }
        decodeCount += 1
        decodeContext += computed
        plan.scheduledTokens += t
        plan.outputTokens += t
      }
      plan.scheduled += 1
      i += 1
    }
    shape.decodeCount = decodeCount
    shape.decodeContextTokensSum = decodeContext
    if k > 1 && decodeCount > 0 && shape.prefills.isEmpty { plan.decodeSteps = k }
    return preempted
  }

  /// Phase 2: admit from the head of the wait queue while the head fits (FCFS, no skipping).
  @inline(never)
  mutating func admitWaiting(at now: SimTime, cutoff: SimTime, budget: inout Int, plan: inout BatchPlan) {
    guard !waiting.isEmpty else { return }
    let bs = blockSize.tokens
    admitting: while runningCount < maxNumSeqs && budget > 0, let head = waiting.first {
      let input: Int, prompt: Int, group: Int32, prefixTokens: Int32, promptSeed: UInt64, canHit: Bool
      switch head {
      case .preempted(let slot):
        let p = Int(slot)
        input = Int(progress[p].prefillEndTokens)
        prompt = Int(slots[p].promptTokens)
        (group, prefixTokens, promptSeed) = (slots[p].prefixGroup, slots[p].prefixTokens, slots[p].promptSeed)
        canHit = true  // a preempted request may find the blocks it registered itself
      case .held(let slot):
        let p = Int(slot)
        if slots[p].enqueuedAt > cutoff { break admitting }  // async: not in this batch yet
        input = Int(slots[p].promptTokens)
        prompt = input
        (group, prefixTokens, promptSeed) = (slots[p].prefixGroup, slots[p].prefixTokens, slots[p].promptSeed)
        canHit = group >= 0  // a unique prompt that never ran cannot be in the cache
      case .packed(let q):
        if q.enqueuedAt > cutoff { break admitting }  // async: not in this batch yet
        input = Int(q.promptTokens)
        prompt = input
        (group, prefixTokens, promptSeed) = (q.prefixGroup, q.prefixTokens, q.promptSeed)
        canHit = group >= 0
      }
      lookupScratch.clear()
      // vLLM always recomputes the last prompt token (its logits give the first output token),
      // so at most (input − 1) / bs whole blocks can come from the cache and n ≥ 1.
      let hit = canHit
        ? kv.lookupPrefix(PromptBlockHashes(prefixGroup: Int(group), prefixTokens: Int(prefixTokens),
                                            promptSeed: promptSeed, blockSizeTokens: bs),
                          maxBlocks: min(blockSize.quotient(input - 1), blockSize.quotient(prompt)), into: &lookupScratch)
        : (count: 0, chainHash: PromptBlockHashes.root, freeAmongThem: 0)
      let start = hit.count * bs
      var n = input - start
      if chunkedPrefill {
        if longPrefillTokenThreshold > 0 && n > longPrefillTokenThreshold { n = longPrefillTokenThreshold }
        if n > budget { n = budget }
      } else if n > budget {
        break  // a whole prompt that does not fit the rest of the budget waits
      }
      let newBlocks = blockSize.blocks(holding: start + n) - hit.count
      if newBlocks + hit.freeAmongThem > kv.freeBlocks { break }  // head-of-line blocking
      waiting.removeFirst()
      let s: Int
      switch head {
      case .preempted(let slot), .held(let slot): s = Int(slot)
      case .packed(let q): s = startQueued(q)
      }
      for b in lookupScratch {
        kv.acquireCached(b)
        slots[s].identifiedBlocks.append(b)
      }
      kv.recordLookup(promptBlocks: blockSize.blocks(holding: prompt), hitBlocks: hit.count)
      progress[s].computedTokens = Int32(start)
      slots[s].cachedPromptTokens = Int32(start)
      slots[s].hashedBlocks = Int32(hit.count)
      slots[s].chainHash = hit.chainHash
      allocatePrompt(s, upTo: start + n)
      slots[s].phase = .running
      slots[s].admission = admissions
      admissions += 1
      // Scheduling delay is the wait before the request first ran; re-admission after a
      // preemption does not overwrite it (the reference's last-admission-wins is a quirk).
      if slots[s].preemptions == 0 { slots[s].scheduledAt = now }
      running.append(Int32(s))
      newTokens.append(Int32(n))
      budget -= n
      plan.scheduled += 1
      plan.scheduledTokens += n
      if start + n == input { plan.outputTokens += 1 }
      shape.prefills.append(PrefillChunk(contextTokens: start, newTokens: n, completesPrompt: start + n == input))
    }
  }

  /// The common case of Phase 1 for explicit requests, on unsafe buffers: consecutive running
  /// requests that are decoding and whose next token fits in their last block get one token each.
  /// Returns the index of the first request it could not handle (a prefill, or a decode opening a
  /// new block).
  private mutating func scheduleSimpleDecodes(from start: Int, budget: inout Int, decodeCount: inout Int,
                                              decodeContext: inout Int, plan: inout BatchPlan) -> Int {
    // A mask, not a division, for the usual power-of-two block size (the division dominated this loop).
    let size = blockSize
    var table: [RequestProgress] = []
    var batch = ScratchList<Int32>()
    var tokens = ScratchList<Int32>()
    swap(&table, &progress)
    swap(&batch, &running)
    swap(&tokens, &newTokens)
    var i = start
    var left = budget, count = 0, context = 0
    table.withUnsafeBufferPointer { sp in
      batch.withUnsafeBufferPointer { rp in
        tokens.withUnsafeMutableBufferPointer { np in
          while i < rp.count && left > 0 {
            let s = Int(rp[i])
            let computed = sp[s].computedTokens
            let opensBlock = size.residue(Int64(computed)) == 0
            if computed < sp[s].prefillEndTokens || opensBlock { break }
            np[i] = 1
            left -= 1
            count += 1
            context += Int(computed)
            i += 1
          }
        }
      }
    }
    swap(&table, &progress)
    swap(&batch, &running)
    swap(&tokens, &newTokens)
    budget = left
    decodeCount += count
    decodeContext += context
    plan.scheduled += count
    plan.scheduledTokens += count
    plan.outputTokens += count
    return i
  }

  enum RoomOutcome { case fits, preemptedOthers, requestLeft }

  /// Preempts from the tail of the running batch until `blocks` blocks are free for the request
  /// at explicit index `index` (`ahead` cohort members run before the explicit list). If the
  /// request is itself the tail it is preempted (`.requestLeft`); if it is alone and still does
  /// not fit, it can never fit and is dropped (`.requestLeft`), which is what guarantees liveness
  /// with a tiny cache.
  mutating func makeRoom(blocks: Int, forRunningIndex index: Int, ahead: Int) -> RoomOutcome {
    var outcome = RoomOutcome.fits
    while kv.freeBlocks < blocks {
      if running.count - 1 == index {
        let s = Int(running[index])
        if index == 0 && ahead == 0 {
          running.removeLast()
          newTokens.removeLast()
          metrics.droppedUnservable += 1
          finish(s, outcome: .droppedUnservable)
        } else {
          preemptTail()
        }
        return .requestLeft
      }
      preemptTail()
      outcome = .preemptedOthers
    }
    return outcome
  }

  /// Recompute-mode preemption of the newest running request: its blocks are released (its prompt
  /// blocks keep or get their hashes, so a re-admission often hits its own prefix), its progress is
  /// reset and it goes back to the front of the wait queue. Its first-token time is kept; the stall
  /// shows in its next ITL sample.
  mutating func preemptTail() {
    let s = Int(running.removeLast())
    newTokens.removeLast()
    preempt(s)
  }

  /// Preempts running request `s` (already out of the running batch).
  mutating func preempt(_ s: Int) {
    if slots[s].prefixGroup < 0 {
      // A unique prompt's blocks are registered only now: nobody else can ever match them, but
      // the victim itself can when it is re-admitted.
      registerPromptBlocks(s, upTo: Int(progress[s].computedTokens))
    }
    releaseBlocks(s)
    progress[s].computedTokens = 0
    progress[s].prefillEndTokens = slots[s].promptTokens + progress[s].emittedTokens
    slots[s].hashedBlocks = 0
    slots[s].chainHash = PromptBlockHashes.root
    slots[s].preemptions += 1
    slots[s].phase = .waiting
    metrics.preemptions += 1
    waiting.prepend(preemptedSlot: Int32(s))
  }

  /// Gives request `s` blocks for prompt positions up to `end` (capacity already checked) and,
  /// for prompts that can be shared (a prefix group), registers every newly full prompt block in
  /// the prefix cache. Blocks only a prefix lookup could use are identified; prompts without a group
  /// are unique, so their blocks are anonymous until the request is preempted (see `preemptTail`):
  /// the outcome is the same as registering them eagerly, without hash-table work on the hot path.
  mutating func allocatePrompt(_ s: Int, upTo end: Int) {
    let target = blockSize.blocks(holding: end)
    let missing = max(0, target - slots[s].blockCount)
    if slots[s].prefixGroup >= 0 && kv.prefixCachingEnabled && slots[s].anonymousBlocks == 0 {
      for _ in 0..<missing { slots[s].identifiedBlocks.append(kv.allocateBlock()) }
      // Also when no block was added: the chunk may have filled the last one.
      registerPromptBlocks(s, upTo: end)
    } else if missing > 0 {
      kv.allocateAnonymous(missing)
      slots[s].anonymousBlocks += Int32(missing)
    }
  }

  /// Registers the full prompt blocks of request `s` covered by its first `end` tokens; anonymous
  /// blocks among them become identified.
  mutating func registerPromptBlocks(_ s: Int, upTo end: Int) {
    let bs = blockSize.tokens
    guard kv.prefixCachingEnabled else { return }
    let fullBlocks = min(end, Int(slots[s].promptTokens), slots[s].blockCount * bs) / bs
    var hashed = Int(slots[s].hashedBlocks)
    guard hashed < fullBlocks else { return }
    let hashes = PromptBlockHashes(prefixGroup: Int(slots[s].prefixGroup), prefixTokens: Int(slots[s].prefixTokens),
                                   promptSeed: slots[s].promptSeed, blockSizeTokens: bs)
    var h = slots[s].chainHash
    var fresh: [UInt64] = []
    while hashed < fullBlocks {
      h = hashes.hash(ofBlock: hashed, previous: h)
      if hashed < slots[s].identifiedBlocks.count {
        kv.register(slots[s].identifiedBlocks[hashed], hash: h)
      } else {
        fresh.append(h)
      }
      hashed += 1
    }
    if !fresh.isEmpty {
      kv.identify(hashes: fresh, into: &slots[s].identifiedBlocks)
      slots[s].anonymousBlocks -= Int32(fresh.count)
    }
    slots[s].chainHash = h
    slots[s].hashedBlocks = Int32(hashed)
  }
}
