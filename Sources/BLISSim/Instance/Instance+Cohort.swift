/// Joining, advancing and dissolving the decode cohort (`DecodeCohort`).
extension Instance {
  /// A member's computed tokens now.
  @inline(__always)
  func cohortComputed(_ s: Int) -> Int32 {
    slots[s].cohort.computedAtJoin + Int32(truncatingIfNeeded: cohort.tick - slots[s].cohort.joinTick)
  }

  /// Moves the steady decoders at the front of the explicit running list into the cohort, keeping
  /// the batch order (they come right after the cohort's last member).
  @inline(__always)
  mutating func formCohort() {
    guard cohortEnabled, !running.isEmpty else { return }
    var joined = 0
    while joined < running.count {
      let s = Int(running[joined])
      let p = progress[s]
      guard slots[s].phase == .running, p.computedTokens >= p.prefillEndTokens, p.emittedTokens < p.outputTokens else { break }
      join(s)
      joined += 1
    }
    if joined > 0 {
      running.removePrefix(joined)
      newTokens.removePrefix(joined)
    }
  }

  private mutating func join(_ s: Int) {
    let computed = progress[s].computedTokens
    let emitted = progress[s].emittedTokens
    slots[s].cohort = CohortMembership(joinTick: cohort.tick, computedAtJoin: computed, emittedAtJoin: emitted,
                                       chunksAtJoin: progress[s].deliveredChunks, previous: cohort.tail, next: -1,
                                       lagging: true, isMember: true)
    if cohort.tail >= 0 { slots[Int(cohort.tail)].cohort.next = Int32(s) } else { cohort.head = Int32(s) }
    cohort.tail = Int32(s)
    cohort.count += 1
    cohort.contextSum += Int(computed)
    cohort.countCrossing(residue: cohort.residue(computed: computed), 1)
    cohort.finishes.insert(DecodeCohort.Finish(tick: cohort.tick + Int64(progress[s].outputTokens - emitted),
                                               admission: slots[s].admission, slot: Int32(s)), now: cohort.tick)
    // Its latest chunk is still individual: compare it with the common delivery once it has
    // advanced with the cohort.
    cohort.joined.append(Int32(s))
    // Its blocks are counted from now on by arithmetic (see `writeBack`).
  }

  /// Writes a member's implicit counters back into its slot and takes it out of the list.
  /// (`deliveredChunks` counts chunks produced, including one whose delivery is pending.)
  private mutating func writeBack(_ s: Int) {
    let m = slots[s].cohort
    let ticks = Int32(truncatingIfNeeded: cohort.tick - m.joinTick)
    let computed = m.computedAtJoin + ticks
    progress[s].computedTokens = computed
    progress[s].emittedTokens = m.emittedAtJoin + ticks
    progress[s].deliveredChunks = m.chunksAtJoin + ticks
    if !m.lagging { progress[s].lastEmit = cohort.lastDelivery }
    slots[s].anonymousBlocks = Int32(blockSize.blocks(holding: Int(computed))) - Int32(slots[s].identifiedBlocks.count)
    cohort.countCrossing(residue: blockSize.residue(m.joinTick - Int64(m.computedAtJoin)), -1)
    if m.previous >= 0 { slots[Int(m.previous)].cohort.next = m.next } else { cohort.head = m.next }
    if m.next >= 0 { slots[Int(m.next)].cohort.previous = m.previous } else { cohort.tail = m.previous }
    cohort.count -= 1
    cohort.contextSum -= Int(computed)
    slots[s].cohort.isMember = false
  }

  /// Whether a member opens a new KV block in the coming tick.
  func crossesNextTick(_ s: Int) -> Bool {
    blockSize.residue(Int64(cohortComputed(s))) == 0
  }

  /// Gives the members that open a block this tick their blocks, the way vLLM's request-by-request
  /// walk does: members are served in batch order while blocks are free; when they run out, the
  /// newest running request is preempted — explicit requests first (they come after the cohort),
  /// then members from the cohort's tail — and serving continues; a lone member that still does not
  /// fit can never fit and is dropped. Only counts matter (which member gets which anonymous block
  /// does not), but the interleaving does: blocks taken before a victim frees its own may evict
  /// cached prefixes. Returns whether anything was preempted. O(victims).
  @inline(__always)
  mutating func allocateCohortBlocks() -> Bool {
    let opening = cohort.crossingsNextTick
    guard opening > kv.freeBlocks else {
      // They all fit (the usual case).
      kv.allocateAnonymous(opening)
      return false
    }
    return allocateCohortBlocksPreempting()
  }

  private mutating func allocateCohortBlocksPreempting() -> Bool {
    var preempted = false
    var unserved = cohort.crossingsNextTick
    while unserved > 0 {
      let served = min(unserved, kv.freeBlocks)
      kv.allocateAnonymous(served)
      unserved -= served
      guard unserved > 0 else { break }
      preempted = true
      if !running.isEmpty {
        preemptTail()
        continue
      }
      let s = Int(cohort.tail)
      if crossesNextTick(s) { unserved -= 1 }
      let lagging = slots[s].cohort.lagging
      writeBack(s)
      if lagging {
        if let i = cohort.lagging.firstIndex(of: Int32(s)) { cohort.lagging.remove(at: i) }
        if let i = cohort.joined.firstIndex(of: Int32(s)) { cohort.joined.remove(at: i) }
      }
      slots[s].cohort.lagging = false
      if cohort.isEmpty {
        // It was alone and still does not fit.
        metrics.droppedUnservable += 1
        finish(s, outcome: .droppedUnservable)
      } else {
        preempt(s)
      }
    }
    return preempted
  }

  /// Turns every member back into an explicit running request, at the front of `running` in batch
  /// order, for a step that needs the request-by-request rules. O(members).
  mutating func dissolveCohort() {
    guard !cohort.isEmpty else { return }
    var members: [Int32] = []
    members.reserveCapacity(cohort.count)
    var s = cohort.head
    while s >= 0 {
      members.append(s)
      s = slots[Int(s)].cohort.next
    }
    for m in members {
      let lagging = slots[Int(m)].cohort.lagging
      writeBack(Int(m))
      if lagging { slots[Int(m)].cohort.lagging = false }
    }
    cohort.clear()
    running.insert(contentsOf: members, at: 0)
    newTokens.insert(contentsOf: repeatElement(0, count: members.count), at: 0)
  }

  /// The cohort's part of a step's execution: one token for every member, then the members whose
  /// last token this was leave (their KV is released now, their records wait for the delivery).
  @inline(__always)
  mutating func advanceCohort() {
    cohort.advancedInPendingStep = cohort.count
    cohort.advance()
    cohort.finishes.takeDue(tick: cohort.tick, into: &cohort.due)
    cohort.finishers.clear()
    for k in cohort.due.indices {
      let next = cohort.due[k]
      let s = Int(next.slot)
      // An entry of a member that was preempted since is stale.
      guard slots[s].cohort.isMember, slots[s].admission == next.admission else { continue }
      let lagging = slots[s].cohort.lagging
      let chunks = slots[s].cohort.chunksAtJoin + Int32(truncatingIfNeeded: cohort.tick - slots[s].cohort.joinTick)
      writeBack(s)
      slots[s].cohort.lagging = lagging
      slots[s].cohort.chunksAtJoin = chunks
      if lagging, let i = cohort.lagging.firstIndex(of: Int32(s)) { cohort.lagging.remove(at: i) }
      slots[s].phase = .finishing
      finishingCount += 1
      releaseBlocks(s)
      cohort.finishers.append(Int32(s))
    }
  }

  /// The cohort's part of an output job delivered at `delivery`: ITL samples (one weighted add for
  /// every member on the common delivery, one each for lagging members) and the finishers' records.
  @inline(__always)
  mutating func deliverCohort(at delivery: SimTime) {
    let advanced = cohort.advancedInPendingStep
    guard advanced > 0 else { return }
    cohort.advancedInPendingStep = 0
    if cohort.lagging.isEmpty && cohort.finishers.isEmpty {
      // The usual step: every member's chunk arrives with the common delivery.
      metrics.itl.add((delivery - cohort.lastDelivery).microseconds, weight: advanced)
      cohort.lastDelivery = delivery
      return
    }
    deliverCohortIndividually(at: delivery, advanced: advanced)
  }

  /// `deliverCohort` when some members' chunks need their own ITL samples (lagging members) or
  /// records (finishers). Out of line: the usual step's inline path stays small.
  @inline(never)
  private mutating func deliverCohortIndividually(at delivery: SimTime, advanced: Int) {
    var individual = 0
    var stillLagging = 0
    // Index loops: a `for … in cohort.lagging` would hold a second reference to the buffer and
    // make every in-place write below copy the whole array.
    for i in cohort.lagging.indices {
      let s32 = cohort.lagging[i]
      let s = Int(s32)
      // (Members that joined after this step's tokens are still in `cohort.joined`.)
      let arrives = max(delivery, progress[s].lastEmit)
      metrics.itl.add((arrives - progress[s].lastEmit).microseconds)
      progress[s].lastEmit = arrives
      individual += 1
      if arrives == delivery {
        slots[s].cohort.lagging = false
      } else {
        cohort.lagging[stillLagging] = s32
        stillLagging += 1
      }
    }
    cohort.lagging.truncate(to: stillLagging)
    // An index loop (`finish` mutates `self`; iterating the array itself would hold a second
    // reference to it); `finish` does not touch `cohort.finishers`.
    var k = 0
    while k < cohort.finishers.count {
      let s = Int(cohort.finishers[k])
      k += 1
      if slots[s].cohort.lagging {
        let arrives = max(delivery, progress[s].lastEmit)
        metrics.itl.add((arrives - progress[s].lastEmit).microseconds)
        progress[s].lastEmit = arrives
        individual += 1
      } else {
        progress[s].lastEmit = delivery
      }
      progress[s].deliveredChunks = slots[s].cohort.chunksAtJoin
      finishingCount -= 1
      finish(s, outcome: .completed)
    }
    cohort.finishers.clear()
    if advanced > individual { metrics.itl.add((delivery - cohort.lastDelivery).microseconds, weight: advanced - individual) }
    cohort.lastDelivery = delivery
  }
}
