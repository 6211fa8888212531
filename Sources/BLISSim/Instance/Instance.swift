import DequeModule

/// One vLLM server (all its TP GPUs): its API-server front end, a wait queue, a running batch, a KV
/// cache, the vLLM scheduler that forms one batch per engine step, and the output path that
/// delivers each step's tokens to the clients.
///
/// The instance owns the requests routed to it, in reusable slots (`slots`, `freeSlots`), so
/// memory is O(requests in the instance), never O(requests in the run). The running batch is
/// kept in admission order (`running`, with each entry's tokens scheduled this step in the
/// parallel array `newTokens`); preemption takes victims from its tail.
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
  let blockSizeTokens: Int
  let chunkedPrefill: Bool
  let serving: ServingStack

  var kv: KVCache
  var slots: [RequestState] = []
  /// Hot per-step fields of each slot (parallel to `slots`).
  var progress: [RequestProgress] = []
  var freeSlots: [Int32] = []
  var waiting = Deque<Int32>()
  var running: [Int32] = []
  var newTokens: [Int32] = []
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
  var metrics = InstanceMetrics()
  /// Records of requests that left since the cluster last drained them.
  var finished: [RequestRecord] = []
  /// The shape of the step being formed (reused every step: no per-step allocation).
  var shape = BatchShape()
  /// Tokens of the step in flight, delivered by `deliverOutput` at `pendingOutputAt`.
  var pendingOutput: [PendingChunk] = []
  var pendingOutputAt: SimTime?
  /// Client-side delivery time of the previous step's chunks (consecutive-step ITL gaps are pooled
  /// in one add).
  var lastDelivery: SimTime = .zero
  /// The latest client-side delivery so far (the run ends when the last chunk arrives).
  var lastActivity: SimTime = .zero
  var lookupScratch: [Int32] = []
  var gapScratch: [Int64] = []

  init(index: Int, configuration c: EngineConfiguration) {
    self.index = index
    maxNumSeqs = c.maxNumSeqs
    maxNumBatchedTokens = c.maxNumBatchedTokens
    longPrefillTokenThreshold = c.longPrefillTokenThreshold
    maxModelLen = c.maxModelLen ?? Int.max
    blockSizeTokens = c.blockSizeTokens
    chunkedPrefill = c.chunkedPrefill
    serving = c.serving
    kv = KVCache(totalBlocks: c.totalKVBlocksPerInstance, blockSizeTokens: c.blockSizeTokens,
                 prefixCaching: c.enablePrefixCaching)
    shape.prefills.reserveCapacity(64)
  }

  var queueDepth: Int { waiting.count + arrivingCount }
  var outstandingRequests: Int { waiting.count + arrivingCount + running.count + finishingCount }

  var snapshot: InstanceSnapshot {
    InstanceSnapshot(index: index, queueDepth: queueDepth, runningRequests: running.count,
                     outstandingRequests: outstandingRequests, kvUsedBlocks: kv.usedBlocks,
                     kvTotalBlocks: kv.totalBlocks)
  }

  // MARK: Arrival and enqueue

  /// Takes ownership of a routed request at `now` and sends it through the API server's ingress.
  /// Returns its slot and when it leaves the ingress (see `Instance+FrontEnd`).
  mutating func accept(_ r: WorkloadRequest, at now: SimTime) -> (slot: Int32, ingressDone: SimTime) {
    let s: Int32
    if let reused = freeSlots.popLast() {
      s = reused
    } else {
      s = Int32(slots.count)
      slots.append(RequestState())
      progress.append(RequestProgress())
    }
    var output = max(1, r.outputTokens)
    if r.inputTokens < maxModelLen && r.inputTokens + output > maxModelLen {
      // vLLM caps generation at max_model_len (max_tokens defaults to the room left).
      output = maxModelLen - r.inputTokens
      metrics.lengthCapped += 1
    }
    let i = Int(s)
    slots[i].phase = .arriving
    slots[i].id = r.id
    slots[i].arrival = r.arrival
    progress[i].prefillEndTokens = Int32(clamping: r.inputTokens)
    slots[i].promptTokens = Int32(clamping: r.inputTokens)
    progress[i].outputTokens = Int32(clamping: output)
    slots[i].prefixGroup = Int32(clamping: r.prefixGroup)
    slots[i].prefixTokens = Int32(clamping: r.prefixTokens)
    slots[i].promptSeed = r.promptSeed
    slots[i].preemptions = 0
    resetProgress(i)
    progress[i].deliveredChunks = 0
    arrivingCount += 1
    return (s, ingress(promptTokens: r.inputTokens, at: now))
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
    if (input + blockSizeTokens - 1) / blockSizeTokens > kv.totalBlocks {
      // The prompt can never fit: dropping it now is what keeps the work-conserving loop live.
      metrics.droppedUnservable += 1
      finish(i, outcome: .droppedUnservable)
      return false
    }
    slots[i].phase = .waiting
    slots[i].enqueuedAt = now
    waiting.append(s)
    if stepPending { return false }
    stepPending = true
    return true
  }

  // MARK: Leaving

  /// Clears a request's progress on admission to this instance.
  mutating func resetProgress(_ i: Int) {
    progress[i].computedTokens = 0
    progress[i].emittedTokens = 0
    slots[i].hashedBlocks = 0
    slots[i].chainHash = PromptBlockHashes.root
    slots[i].cachedPromptTokens = 0
    progress[i].firstEmit = .zero
    progress[i].lastEmit = .zero
  }

  /// Releases a request's KV blocks (its last token is computed, or it leaves unserved).
  mutating func releaseBlocks(_ i: Int) {
    if !slots[i].blocks.isEmpty {
      kv.release(slots[i].blocks)
      slots[i].blocks.removeAll(keepingCapacity: true)
    }
  }

  /// Emits the request's record, releases its blocks and frees its slot.
  mutating func finish(_ i: Int, outcome: RequestOutcome) {
    let r = slots[i]
    let p = progress[i]
    let completed = outcome == .completed
    let record = RequestRecord(
      id: r.id, outcome: outcome, instance: index, arrivalSeconds: r.arrival.seconds,
      schedulingDelayMicros: completed ? (r.scheduledAt - r.arrival).microseconds : 0,
      ttftMicros: completed ? (p.firstEmit - r.arrival).microseconds : 0,
      itlSumMicros: completed ? (p.lastEmit - p.firstEmit).microseconds : 0,
      itlCount: completed ? Int(p.deliveredChunks) - 1 : 0,
      e2eMicros: completed ? (p.lastEmit - r.arrival).microseconds : 0,
      inputTokens: Int(r.promptTokens), outputTokens: completed ? Int(p.emittedTokens) : 0,
      cachedPromptTokens: Int(r.cachedPromptTokens), preemptions: Int(r.preemptions))
    if completed { metrics.recordCompletion(record) }
    finished.append(record)
    releaseBlocks(i)
    slots[i].phase = .free
    freeSlots.append(Int32(i))
  }
}

/// The tokens one request produced in the step in flight, waiting for the step's output job.
struct PendingChunk: Sendable {
  var slot: Int32
  /// Tokens in the chunk (1, or up to the multi-step count).
  var tokens: Int32
  /// The chunk carries the request's first token (its TTFT is stamped at delivery).
  var isFirst: Bool
  /// The chunk carries the request's last token (its record is emitted at delivery).
  var isLast: Bool
}
