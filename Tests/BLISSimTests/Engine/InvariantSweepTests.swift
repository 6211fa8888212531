import Testing
@testable import BLISSim

/// Random small configurations and workloads, one per seed, checked after every event.
private struct Scenario {
  var configuration: EngineConfiguration
  var spec: WorkloadSpec

  init(seed: UInt64) {
    var rng = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ 7)
    func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }
    var c = EngineConfiguration(seed: seed)
    c.instances = pick([1, 1, 2, 3])
    c.maxNumSeqs = pick([1, 2, 4, 8, 16])
    c.maxNumBatchedTokens = pick([8, 32, 64, 256, 2048])
    c.longPrefillTokenThreshold = pick([0, 0, 16, 48])
    c.blockSizeTokens = pick([4, 16])
    c.totalKVBlocksPerInstance = pick([3, 8, 16, 40, 200])
    c.maxModelLen = pick([nil, nil, 160])
    c.enablePrefixCaching = pick([true, true, false])
    c.routing = pick([.roundRobin, .leastOutstandingRequests, .leastKVUsage, .prefixAffinity, .defaultWeighted])
    c.snapshotRefreshInterval = pick([.zero, .zero, SimDuration(microseconds: 50_000)])
    c.admissionLatency = SimDuration(microseconds: pick([0, 0, 2_000]))
    c.routingLatency = SimDuration(microseconds: pick([0, 0, 1_000]))
    c.admission = pick([.alwaysAdmit, .alwaysAdmit, .tokenBucket(capacityTokens: 600, refillTokensPerSecond: 2_000)])
    // Serving stacks: none; a costly synchronous one; async with tokenizer micro-batches; vLLM 0.6
    // (whole prompts in prefill-only steps, multi-step decode chunks).
    var costly = ServingProfile(name: "costly-sync", engineLoop: EngineLoopComponent(mode: .sync),
                                hostCPU: HostCPUComponent(stepMicros: 100, perRunningRequestMicros: 5, perOutputTokenMicros: 3),
                                outputPath: OutputPathComponent(stepMicros: 20, perTokenMicros: 30, firstChunkMicros: 500,
                                                                firstChunkPerPromptTokenMicros: 1, tokenDelayMicros: 70))
    costly.frontEnd = FrontEndComponent(networkRoundTripMicros: 600, apiIngressMicros: 300, apiPerPromptTokenMicros: 2,
                                        tokenizerWindowMicros: 0, tokenizePerPromptTokenMicros: 1)
    var async = costly
    async.name = "async"
    async.engineLoop.mode = .async
    async.frontEnd.tokenizerWindowMicros = 2_000
    async.frontEnd.tokenizerMaxBatch = 3
    var v0 = costly
    v0.name = "v0"
    v0.engineLoop = EngineLoopComponent(mode: .sync, multiStep: pick([1, 4]), unchunkedPrefill: .prefillOnlySteps)
    let profile = pick([ServingProfile.gpuOnly, costly, async, v0, v0])
    c.serving = profile.stack(tensorParallelism: 1)
    if profile.name == "v0" || pick([false, false, false, true]) {
      c.chunkedPrefill = false
      c.maxNumBatchedTokens = max(c.maxNumBatchedTokens, 256)
    }
    configuration = c
    let shared: SharedPrefix? = pick([nil, SharedPrefix(groups: 2, promptsPerGroup: 3, prefixTokens: 40)])
    spec = WorkloadSpec(seed: seed, arrival: pick([.poisson, .constant, .gamma(cv: 2)]),
                        ratePerSecond: pick([5.0, 50, 400]), numRequests: Int(rng.next() % 30) + 5,
                        promptTokens: .uniform(min: 1, max: pick([20, 120, 200])),
                        outputTokens: .uniform(min: 1, max: pick([1, 10, 60])), sharedPrefix: shared)
    if pick([false, false, false, true]) {
      spec.closedLoop = ClosedLoop(clients: pick([1, 2, 5]), thinkTime: pick([.none, .constant(milliseconds: 5),
                                                                              .exponential(meanMilliseconds: 3)]))
    }
  }
}

@Test func invariantsHoldOverThousandSeeds() throws {
  var coverage = (preemptions: 0, dropped: 0, rejected: 0, tooLong: 0, completed: 0, hitTokens: 0, capped: 0)
  defer { print("coverage: \(coverage)") }
  for seed in UInt64(0)..<1_000 {
    let scenario = Scenario(seed: seed)
    let model = RecordingStepModel()
    var sim = try Simulation(configuration: scenario.configuration, latencyModel: model, workload: scenario.spec)
    var sink = CollectingRecordSink()
    var lastClock = SimTime.zero
    var events = 0
    var failure: String?
    while sim.processNextEvent(notAfter: .distantFuture, sink: &sink) {
      events += 1
      if sim.clock < lastClock { failure = "clock went back from \(lastClock) to \(sim.clock)"; break }
      lastClock = sim.clock
      if let v = checkEventInvariants(sim) { failure = v; break }
      if events > 2_000_000 { failure = "no end after 2M events (livelock)"; break }
    }
    if let failure { Issue.record("seed \(seed): \(failure)"); continue }
    let c = sim.report().cluster
    coverage.preemptions += c.kv.preemptions; coverage.dropped += c.droppedUnservable
    coverage.rejected += c.rejectedByAdmission; coverage.tooLong += c.rejectedTooLong
    coverage.completed += c.completedRequests; coverage.hitTokens += c.cachedPromptTokens
    coverage.capped += c.lengthCappedRequests
    if let v = checkFinalInvariants(sim, records: sink.records, model: model) {
      Issue.record("seed \(seed): \(v)")
    }
  }
}

/// Checks that must hold after every event.
private func checkEventInvariants(_ sim: Simulation) -> String? {
  if let pool = sim.clients, pool.inFlight > pool.loop.clients || pool.inFlight < 0 {
    return "\(pool.inFlight) requests in flight with \(pool.loop.clients) clients"
  }
  for inst in sim.instances {
    if inst.unfinishedCount != inst.outstandingRequests {
      return "router counts \(inst.unfinishedCount) outstanding on instance \(inst.index), it has \(inst.outstandingRequests)"
    }
    // KV conservation, with the references the requests actually hold.
    var references: [Int32: Int32] = [:]
    var anonymous = 0
    let runningSlots = inst.runningSlots
    for s in runningSlots {
      for b in inst.slots[Int(s)].identifiedBlocks { references[b, default: 0] += 1 }
      anonymous += inst.anonymousBlockCount(Int(s))
    }
    for entry in inst.waiting {
      let slot: Int32?
      switch entry {
      case .preempted(let s), .held(let s): slot = s
      case .packed: slot = nil
      }
      if let s = slot, !inst.slots[Int(s)].identifiedBlocks.isEmpty || inst.slots[Int(s)].anonymousBlocks != 0 {
        return "instance \(inst.index): waiting request \(inst.slots[Int(s)].id) holds KV blocks"
      }
    }
    if let v = inst.kv.invariantViolation(identifiedReferences: references, anonymousBlocks: anonymous) {
      return "instance \(inst.index): \(v)"
    }
    // Work conservation: waiting or running work ⇒ a step is pending.
    if (!inst.waiting.isEmpty || inst.runningCount > 0) && !inst.stepPending {
      return "instance \(inst.index) has \(inst.waiting.count) waiting / \(inst.runningCount) running but no step pending"
    }
    if inst.runningCount > inst.maxNumSeqs { return "instance \(inst.index) runs \(inst.runningCount) > max_num_seqs" }
    for s in runningSlots {
      let r = inst.resolvedProgress(Int(s))
      if r.computedTokens > inst.slots[Int(s)].promptTokens + r.outputTokens {
        return "request \(inst.slots[Int(s)].id) computed \(r.computedTokens) tokens > input + output"
      }
    }
  }
  return nil
}

/// Conservation, causality and token accounting at the end of the run.
private func checkFinalInvariants(_ sim: Simulation, records: [RequestRecord], model: RecordingStepModel) -> String? {
  let report = sim.report()
  let c = report.cluster
  guard sim.isFinished else { return "simulation did not finish" }
  // Every arrived request ends exactly once.
  var seen = Set<Int>()
  for r in records where !seen.insert(r.id).inserted { return "request \(r.id) finished twice" }
  for inst in sim.instances {
    for s in inst.runningSlots { if !seen.insert(inst.slots[Int(s)].id).inserted { return "running request also finished" } }
    for id in inst.waitingIDs { if !seen.insert(id).inserted { return "queued request also finished" } }
  }
  if seen != Set(0..<sim.arrivedRequests) { return "requests accounted \(seen.count) != arrived \(sim.arrivedRequests)" }
  if sim.arrivedRequests != c.injectedRequests + c.rejectedByAdmission {
    return "arrived \(sim.arrivedRequests) != injected \(c.injectedRequests) + rejected \(c.rejectedByAdmission)"
  }
  if c.injectedRequests != report.instances.reduce(0, { $0 + $1.injectedRequests }) {
    return "cluster injected != Σ instance injected"
  }
  // With no horizon, everything admitted finishes (liveness, even with 3 KV blocks).
  if c.stillQueued != 0 || c.stillRunning != 0 { return "\(c.stillQueued) queued / \(c.stillRunning) running at the end" }
  let completed = records.filter { $0.outcome == .completed }
  if completed.count != c.completedRequests { return "records say \(completed.count) completed, report \(c.completedRequests)" }
  for r in completed {
    if r.ttftMicros <= 0 || r.ttftMicros > r.e2eMicros { return "request \(r.id): TTFT \(r.ttftMicros) vs E2E \(r.e2eMicros)" }
    if r.schedulingDelayMicros < 0 || r.schedulingDelayMicros >= r.ttftMicros {
      return "request \(r.id): scheduling delay \(r.schedulingDelayMicros) not in [0, TTFT \(r.ttftMicros))"
    }
    let chunks = sim.configuration.serving.engineLoop.multiStep > 1
    if r.itlSumMicros != r.e2eMicros - r.ttftMicros || (chunks ? r.itlCount > r.outputTokens - 1 : r.itlCount != r.outputTokens - 1) {
      return "request \(r.id): ITL sum/count inconsistent with E2E − TTFT"
    }
  }
  // Tokens are computed exactly once unless preempted (or dropped mid-run).
  let t = model.totals
  if t.emptySteps != 0 { return "\(t.emptySteps) empty steps were priced" }
  let expectedPrefill = completed.reduce(0) { $0 + $1.inputTokens - $1.cachedPromptTokens }
  let expectedDecodes = completed.reduce(0) { $0 + $1.outputTokens - 1 }
  let anyDropped = records.contains { $0.outcome == .droppedUnservable }
  // Multi-step chunks compute every member for all K steps, even one that finished mid-chunk.
  let multiStep = sim.configuration.serving.engineLoop.multiStep > 1
  if c.kv.preemptions == 0 && !anyDropped && !multiStep {
    if t.prefillTokens != expectedPrefill || t.decodes != expectedDecodes {
      return "computed \(t.prefillTokens) prefill / \(t.decodes) decode tokens, requests needed \(expectedPrefill) / \(expectedDecodes)"
    }
  } else if t.prefillTokens + t.decodes < expectedPrefill + expectedDecodes {
    // A preempted request recomputes its emitted tokens as prefill (vLLM recompute mode), so
    // only the total is bounded below.
    return "computed fewer tokens than the completed requests needed"
  }
  return nil
}
