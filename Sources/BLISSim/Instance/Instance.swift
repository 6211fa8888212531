import DequeModule

/// One vLLM server (all its TP GPUs): its API-server front end, a wait queue, a running batch, a KV
/// cache, the vLLM scheduler that forms one batch per engine step, and the output path that
/// delivers each step's tokens to the clients.
///
/// The running batch, in vLLM's (admission) order, is the decode cohort (`DecodeCohort`: the steady
/// decoders at its front, advanced together in O(1) per step) followed by the explicit requests
/// (`running`, with each entry's tokens scheduled this step in the parallel array `newTokens`):
/// prefills in progress and whatever follows them. Preemption takes victims from the explicit tail.
/// Memory: a request that waits without having run keeps its slot while the wait queue is short
/// (up to 2,048 of them per instance) and is ~10 bytes in `waiting` behind those (`WaitQueue`);
/// started requests live in reusable slots (`slots`, `freeSlots`), so memory is O(requests in the
/// instance), never O(requests in the run).
///
/// Life of a request here (`ServingStack` gives every cost):
/// `accept` (API-server ingress, FIFO) → tokenizer micro-batch → `enqueue` (wait queue) → steps
/// (`Instance+BatchFormation`, `Instance+Step`) → `deliverOutput` at each step's end (API-server
/// output processing, FIFO with ingress) → record when its last chunk is delivered.
struct Instance: Sendable {
  let index: Int
  let maxNumSeqs: Int
  let maxNumBatchedTokens: Int
  let longPrefillTokenThreshold: Int
  let maxModelLen: Int
  /// KV block size, with shift-and-mask arithmetic (`BlockSize`).
  let blockSize: BlockSize
  let chunkedPrefill: Bool
  let serving: ServingStack
  /// The tokenizer's micro-batch window, converted once (`tokenize` and every flush read it).
  let tokenizerWindow: SimDuration
  /// Multi-step batches run every request request by request; otherwise steady decoders form the cohort.
  let cohortEnabled: Bool

  var kv: KVCache
  var slots: [RequestState] = []
  /// Hot per-step fields of each slot (parallel to `slots`).
  var progress: [RequestProgress] = []
  var freeSlots: [Int32] = []
  var waiting = WaitQueue()
  /// The explicit part of the running batch, after the cohort.
  var running = ScratchList<Int32>()
  var newTokens = ScratchList<Int32>()
  var cohort: DecodeCohort
  /// Admissions so far (the running batch's order).
  var admissions = 0
  /// Requests routed here that are still in the front end (API server, tokenizer).
  var arrivingCount = 0
  /// Requests that finished generating and wait for their last chunk's delivery.
  var finishingCount = 0
  /// A step event is pending (at most one step in flight).
  var stepPending = false
  /// The GPU is busy until this time (end of the last step); an idle instance woken by an
  /// enqueue starts its next step no earlier than this.
  var busyUntil: SimTime = .zero
  /// Async engine loop: the batch of the next step was formed at this time (the start of the step
  /// in flight), so only requests enqueued by then can join it. `distantFuture` when the engine went
  /// idle: the next batch is formed when work arrives.
  var nextBatchCutoff: SimTime = .distantFuture
  /// The API-server event loop (ingress and output processing, FIFO) is busy until this time.
  var apiServerFreeAt: SimTime = .zero
  /// The open tokenizer micro-batch.
  var tokenizerBatch = TokenizerBatch()
  /// Members of the micro-batch closed by the latest `tokenize` / `flushTokenizer` call (reused).
  var tokenizerReleases = TokenizerReleases()
  var metrics = InstanceMetrics()
  /// Records of requests that left since the cluster last drained them (kept only when
  /// `keepsRecords`).
  var finished: [RequestRecord] = []
  /// Whether `finish` keeps records: false when no one reads them (the metrics are the same), so
  /// a finished request costs no record copy and no drain.
  var keepsRecords = true
  /// Requests accepted and not finished yet (the router's outstanding count for this instance).
  var unfinishedCount = 0
  /// The shape of the step being formed (reused every step: no per-step allocation).
  var shape = BatchShape()
  /// Tokens of the explicit requests in the step in flight, delivered by `deliverOutput` at
  /// `pendingOutputAt` (the cohort's tokens are counted in `cohort.advancedInPendingStep`).
  var pendingOutput = ScratchList<PendingChunk>()
  var pendingOutputAt: SimTime?
  /// Client-side delivery time of the previous step's chunks (consecutive-step ITL gaps are pooled
  /// in one add).
  var lastDelivery: SimTime = .zero
  /// The latest client-side delivery so far (the run ends when the last chunk arrives).
  var lastActivity: SimTime = .zero
  var lookupScratch: [Int32] = []
  var gapScratch = ScratchList<Int64>()

  init(index: Int, configuration c: EngineConfiguration) {
    self.index = index
    maxNumSeqs = c.maxNumSeqs
    maxNumBatchedTokens = c.maxNumBatchedTokens
    longPrefillTokenThreshold = c.longPrefillTokenThreshold
    maxModelLen = c.maxModelLen ?? Int.max
    blockSize = BlockSize(tokens: c.blockSizeTokens)
    chunkedPrefill = c.chunkedPrefill
    serving = c.serving
    tokenizerWindow = SimDuration(truncatingMicroseconds: c.serving.frontEnd.tokenizerWindowMicros)
    cohortEnabled = c.serving.engineLoop.multiStep == 1
    kv = KVCache(totalBlocks: c.totalKVBlocksPerInstance, blockSizeTokens: c.blockSizeTokens,
                 prefixCaching: c.enablePrefixCaching)
    cohort = DecodeCohort(blockSizeTokens: c.blockSizeTokens)
    shape.prefills.reserveCapacity(64)
  }

  /// Requests in the running batch (cohort + explicit).
  var runningCount: Int { cohort.count + running.count }
  var queueDepth: Int { waiting.count + arrivingCount }
  var outstandingRequests: Int { waiting.count + arrivingCount + runningCount + finishingCount }

  var snapshot: InstanceSnapshot {
    InstanceSnapshot(index: index, queueDepth: queueDepth, runningRequests: runningCount,
                     outstandingRequests: outstandingRequests, kvUsedBlocks: kv.usedBlocks,
                     kvTotalBlocks: kv.totalBlocks)
  }

  // MARK: Arrival and enqueue

  /// A slot for a request that enters the front end or starts running.
  private mutating func takeSlot() -> Int {
    if let reused = freeSlots.popLast() { return Int(reused) }
    slots.append(RequestState())
    progress.append(RequestProgress())
    return slots.count - 1
  }

  /// Takes ownership of a routed request at `now` and sends it through the API server's ingress.
  /// Returns its slot and when it leaves the ingress (see `Instance+FrontEnd`).
  mutating func accept(_ r: WorkloadRequest, at now: SimTime) -> (slot: Int32, ingressDone: SimTime) {
    let i = takeSlot()
    var output = max(1, r.outputTokens)
    if r.inputTokens < maxModelLen && r.inputTokens + output > maxModelLen {
      // vLLM caps generation at max_model_len (max_tokens defaults to the room left).
      output = maxModelLen - r.inputTokens
      metrics.lengthCapped += 1
    }
    slots[i].phase = .arriving
    slots[i].id = r.id
    slots[i].arrival = r.arrival
    slots[i].promptTokens = Int32(clamping: r.inputTokens)
    slots[i].prefixGroup = Int32(clamping: r.prefixGroup)
    slots[i].prefixTokens = Int32(clamping: r.prefixTokens)
    slots[i].promptSeed = r.promptSeed
    slots[i].preemptions = 0
    slots[i].cachedPromptTokens = 0
    progress[i].outputTokens = Int32(clamping: output)
    arrivingCount += 1
    unfinishedCount += 1
    return (Int32(i), ingress(promptTokens: r.inputTokens, at: now))
  }

  /// Moves an arriving request into the wait queue at `now`, or rejects / drops it. Returns true
  /// when the caller must schedule a step (the instance was idle).
  mutating func enqueue(slot s: Int32, at now: SimTime) -> Bool {
    let i = Int(s)
    arrivingCount -= 1
    let input = Int(slots[i].promptTokens)
    if input >= maxModelLen || (!chunkedPrefill && input > maxNumBatchedTokens) {
      // Without chunked prefill a prompt must fit one step's budget; vLLM refuses longer ones.
      metrics.rejectedTooLong += 1
      finish(i, outcome: .rejectedTooLong)
      return false
    }
    if blockSize.blocks(holding: input) > kv.totalBlocks {
      // The prompt can never fit: dropping it now is what keeps the work-conserving loop live.
      metrics.droppedUnservable += 1
      finish(i, outcome: .droppedUnservable)
      return false
    }
    if waiting.canHoldSlot {
      // It keeps its slot, set up as admission expects it.
      slots[i].phase = .queued
      slots[i].enqueuedAt = now
      prepareFirstRun(i, outputTokens: progress[i].outputTokens)
      waiting.append(heldSlot: s)
    } else {
      let r = slots[i]
      waiting.append(QueuedRequest(id: r.id, arrival: r.arrival, enqueuedAt: now, promptSeed: r.promptSeed,
                                   promptTokens: r.promptTokens, outputTokens: progress[i].outputTokens,
                                   prefixGroup: r.prefixGroup, prefixTokens: r.prefixTokens))
      freeSlot(i)
    }
    if stepPending { return false }
    stepPending = true
    return true
  }

  /// Requests in the wait queue that never ran and arrived before `cutoff`.
  func neverRunWaiting(arrivedBefore cutoff: SimTime) -> Int {
    var n = 0
    for entry in waiting {
      switch entry {
      case .preempted: continue
      case .held(let s): if slots[Int(s)].arrival < cutoff { n += 1 }
      case .packed(let q): if q.arrival < cutoff { n += 1 }
      }
    }
    return n
  }

  /// Gives a queued request that gave up its slot a slot again, as it is admitted into the running batch.
  mutating func startQueued(_ q: QueuedRequest) -> Int {
    let i = takeSlot()
    slots[i].id = q.id
    slots[i].arrival = q.arrival
    slots[i].promptTokens = q.promptTokens
    slots[i].prefixGroup = q.prefixGroup
    slots[i].prefixTokens = q.prefixTokens
    slots[i].promptSeed = q.promptSeed
    prepareFirstRun(i, outputTokens: q.outputTokens)
    return i
  }

  /// Sets slot `i` (its request and prompt already in it) up for its first admission: no blocks,
  /// no hashes, no progress.
  /// Forced inline (like `freeSlot`): called once per request, its slot writes then share the
  /// caller's uniqueness checks instead of a call and checks of their own.
  @inline(__always)
  private mutating func prepareFirstRun(_ i: Int, outputTokens: Int32) {
    slots[i].preemptions = 0
    slots[i].hashedBlocks = 0
    slots[i].chainHash = PromptBlockHashes.root
    slots[i].cachedPromptTokens = 0
    slots[i].identifiedBlocks.clear()
    slots[i].anonymousBlocks = 0
    progress[i] = RequestProgress(computedTokens: 0, prefillEndTokens: slots[i].promptTokens, emittedTokens: 0,
                                  outputTokens: outputTokens)
  }

  // MARK: Leaving

  /// Releases a request's KV blocks (its last token is computed, or it leaves unserved).
  mutating func releaseBlocks(_ i: Int) {
    if slots[i].anonymousBlocks > 0 {
      kv.releaseAnonymous(Int(slots[i].anonymousBlocks))
      slots[i].anonymousBlocks = 0
    }
    if !slots[i].identifiedBlocks.isEmpty {
      kv.release(slots[i].identifiedBlocks)
      slots[i].identifiedBlocks.clear()
    }
  }

  @inline(__always)
  private mutating func freeSlot(_ i: Int) {
    slots[i].phase = .free
    freeSlots.append(Int32(i))
  }

  /// Emits the request's record, releases its blocks and frees its slot.
  mutating func finish(_ i: Int, outcome: RequestOutcome) {
    let p = progress[i]
    let arrival = slots[i].arrival
    let completed = outcome == .completed
    let record = RequestRecord(
      id: slots[i].id, outcome: outcome, instance: index, arrivalSeconds: arrival.seconds,
      schedulingDelayMicros: completed ? (slots[i].scheduledAt - arrival).microseconds : 0,
      ttftMicros: completed ? (p.firstEmit - arrival).microseconds : 0,
      itlSumMicros: completed ? (p.lastEmit - p.firstEmit).microseconds : 0,
      itlCount: completed ? Int(p.deliveredChunks) - 1 : 0,
      e2eMicros: completed ? (p.lastEmit - arrival).microseconds : 0,
      inputTokens: Int(slots[i].promptTokens), outputTokens: completed ? Int(p.emittedTokens) : 0,
      cachedPromptTokens: Int(slots[i].cachedPromptTokens), preemptions: Int(slots[i].preemptions))
    if completed { metrics.recordCompletion(record) }
    unfinishedCount -= 1
    if keepsRecords { finished.append(record) }
    releaseBlocks(i)
    freeSlot(i)
  }
}

/// The tokens one explicit request produced in the step in flight, waiting for the step's output job.
struct PendingChunk: Sendable {
  var slot: Int32
  /// Tokens in the chunk (1, or up to the multi-step count).
  var tokens: Int32
  /// The chunk carries the request's first token (its TTFT is stamped at delivery).
  var isFirst: Bool
  /// The chunk carries the request's last token (its record is emitted at delivery).
  var isLast: Bool
}
