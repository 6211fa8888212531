import Testing
@testable import BLISSim

/// Each mechanism of the serving stack, on one instance or a small cluster with a constant GPU step,
/// so every expected time can be worked out by hand.
@Suite struct ServingMechanismTests {
  private static let gpu = ConstantStepModel(stepMicros: 1_000)

  private static func request(_ id: Int, input: Int = 32, output: Int = 10, at micros: Int64 = 0) -> WorkloadRequest {
    WorkloadRequest(id: id, arrival: SimTime(microseconds: micros), inputTokens: input, outputTokens: output,
                    promptSeed: UInt64(id + 77))
  }

  /// A zero-cost stack with the given loop and host CPU.
  private static func stack(_ mode: EngineLoopComponent.Mode = .sync, hostStepMicros: Double = 0,
                            configure: (inout ServingProfile) -> Void = { _ in }) -> ServingStack {
    var p = ServingProfile.gpuOnly
    p.engineLoop.mode = mode
    p.hostCPU.stepMicros = hostStepMicros
    configure(&p)
    return p.stack(tensorParallelism: 1)
  }

  private static func instance(_ serving: ServingStack, _ configure: (inout EngineConfiguration) -> Void = { _ in }) -> Instance {
    var c = EngineConfiguration(serving: serving)
    configure(&c)
    return Instance(index: 0, configuration: c)
  }

  // MARK: Engine loop

  @Test func asyncLoopSchedulesARequestArrivingMidStepTwoStepsLater() {
    for mode in [EngineLoopComponent.Mode.sync, .async] {
      var inst = Self.instance(Self.stack(mode))
      inst.admit(Self.request(0))
      var t = inst.runStep(at: .zero, model: Self.gpu)  // step 0 runs request 0's prefill, until 1 000 µs
      inst.admit(Self.request(1), at: SimTime(microseconds: 500))  // arrives during step 0
      var admittedAt: Int64?
      while let now = t, admittedAt == nil {
        t = inst.runStep(at: now, model: Self.gpu)
        if inst.runningSlots.contains(where: { inst.slots[Int($0)].id == 1 }) { admittedAt = now.microseconds }
      }
      // Synchronous: the next step (1 000 µs) takes it. Async: step 1's batch was formed at 0 µs, while
      // step 0 ran, so the request first runs in step 2 (2 000 µs).
      #expect(admittedAt == (mode == .async ? 2_000 : 1_000), "\(mode)")
    }
  }

  @Test func asyncLoopTakesARequestAtOnceWhenTheEngineIsIdle() {
    var inst = Self.instance(Self.stack(.async))
    inst.admit(Self.request(0, output: 1))
    var t = inst.runStep(at: .zero, model: Self.gpu)
    while let now = t { t = inst.runStep(at: now, model: Self.gpu) }
    inst.admit(Self.request(1), at: SimTime(microseconds: 5_000))
    _ = inst.runStep(at: SimTime(microseconds: 5_000), model: Self.gpu)
    #expect(inst.runningSlots.first.map { inst.slots[Int($0)].scheduledAt.microseconds } == 5_000)
  }

  @Test func stepWallTimeIsHostPlusGPUWhenSynchronousAndTheLargerWhenAsync() {
    for (mode, host, expected) in [(EngineLoopComponent.Mode.sync, 3_000.0, 4_000), (.async, 3_000, 3_000),
                                   (.async, 500, 1_000), (.sync, 500, 1_500)] {
      var inst = Self.instance(Self.stack(mode, hostStepMicros: host))
      inst.admit(Self.request(0))
      let next = inst.runStep(at: .zero, model: Self.gpu)
      #expect(next?.microseconds == Int64(expected), "\(mode) host \(host)")
    }
  }

  // MARK: Front end

  @Test func aBurstReachesTheEngineOneRequestPerAPIServerServiceTime() throws {
    var profile = ServingProfile.gpuOnly
    profile.frontEnd.apiIngressMicros = 1_000
    let config = EngineConfiguration(serving: profile.stack(tensorParallelism: 1))
    let burst = try TraceWorkload(csv: (0..<10).map { _ in "0,32,1" }.joined(separator: "\n"))
    var sim = try Simulation(configuration: config, latencyModel: ConstantStepModel(stepMicros: 100), workload: .trace(burst))
    var sink = CollectingRecordSink()
    _ = sim.run(recordingInto: &sink)
    let delays = sink.records.map(\.schedulingDelayMicros).sorted()
    #expect(delays.count == 10)
    for (k, delay) in delays.enumerated() {
      #expect(delay >= Int64(k + 1) * 1_000, "request \(k + 1) of the burst was scheduled after \(delay) µs")
    }
  }

  @Test func tokenizerMicroBatchWaitsForItsWindowOrFillsUp() {
    var inst = Self.instance(Self.stack { $0.frontEnd.tokenizerWindowMicros = 2_000; $0.frontEnd.tokenizerMaxBatch = 4 })
    // A lone request waits out the window.
    let (lone, ready) = inst.accept(Self.request(0), at: .zero)
    let first = inst.tokenize(slot: lone, ready: ready)
    #expect(first.alone == nil && inst.tokenizerReleases.isEmpty && first.flush?.at.microseconds == 2_000)
    inst.flushTokenizer(generation: Int32(first.flush!.generation))
    #expect(inst.tokenizerReleases.map(\.at.microseconds) == [2_000])
    // Four requests fill the batch: released when the fourth arrives, not at the window's end.
    var released: [Int64] = []
    for i in 1...4 {
      let (slot, ready) = inst.accept(Self.request(i), at: SimTime(microseconds: 10_000 + Int64(i) * 100))
      _ = inst.tokenize(slot: slot, ready: ready)
      released += inst.tokenizerReleases.map(\.at.microseconds)
    }
    #expect(released == [10_400, 10_400, 10_400, 10_400])
  }

  @Test func outputJobsQueueBehindIngressOnTheAPIServerLoop() {
    // The loop is busy with a burst's ingress until 5 000 µs, so the first token of a request whose
    // prefill ended at 1 000 µs is sent only then.
    var inst = Self.instance(Self.stack { $0.frontEnd.apiIngressMicros = 1_000 })
    let (slot, ready) = inst.accept(Self.request(0, output: 1), at: .zero)
    for i in 1...4 { _ = inst.accept(Self.request(i), at: .zero) }
    _ = inst.enqueue(slot: slot, at: ready)
    var cache = StepTimeCache(model: Self.gpu)
    let outcome = inst.step(at: ready, model: &cache)
    _ = outcome
    inst.deliverOutput(at: inst.pendingOutputAt!)
    #expect(inst.finished.first?.ttftMicros == 5_000)
  }

  // MARK: Multi-step and chunked prefill

  @Test func multiStepDeliversTokensInChunksAndPaysTheSchedulerOnce() {
    let v0 = Self.stack { $0.engineLoop = EngineLoopComponent(mode: .sync, multiStep: 4, unchunkedPrefill: .prefillOnlySteps)
      $0.hostCPU.perRunningRequestMicros = 500 }
    var inst = Self.instance(v0) { $0.chunkedPrefill = false }
    inst.admit(Self.request(0, output: 9))
    var starts: [Int64] = []
    var t: SimTime? = .zero
    while let now = t { starts.append(now.microseconds); t = inst.runStep(at: now, model: Self.gpu) }
    // Prefill (1 token) at 0; two decode chunks of 4 GPU steps each, 500 µs of scheduling per pass.
    #expect(starts == [0, 1_500, 6_000])
    let r = inst.finished[0]
    #expect(r.outputTokens == 9 && r.itlCount == 2)
    #expect(r.ttftMicros == 1_500 && r.e2eMicros == 10_500)
    #expect(r.tpotMicros == Double(10_500 - 1_500) / 8)
  }

  @Test func withoutChunkedPrefillAV0EngineStallsDecodesForPrefillOnlySteps() {
    for policy in [EngineLoopComponent.UnchunkedPrefill.prefillOnlySteps, .mixed] {
      var inst = Self.instance(Self.stack { $0.engineLoop.unchunkedPrefill = policy }) { $0.chunkedPrefill = false }
      inst.admit(Self.request(0, output: 5))
      let t = inst.runStep(at: .zero, model: Self.gpu)!
      inst.admit(Self.request(1), at: t)
      _ = inst.runStep(at: t, model: Self.gpu)
      // V0: the new prompt runs alone and request 0 gets no token. V1: one mixed step.
      #expect(inst.shape.prefills.count == 1)
      #expect(inst.shape.decodeCount == (policy == .prefillOnlySteps ? 0 : 1), "\(policy)")
    }
  }

  @Test func withoutChunkedPrefillAPromptIsNeverSplit() {
    var inst = Self.instance(Self.stack { $0.engineLoop.unchunkedPrefill = .mixed }) {
      $0.chunkedPrefill = false; $0.maxNumBatchedTokens = 100
    }
    inst.admit(Self.request(0, input: 60, output: 3))
    inst.admit(Self.request(1, input: 60, output: 3))
    _ = inst.runStep(at: .zero, model: Self.gpu)
    #expect(inst.shape.prefills.map(\.newTokens) == [60])  // 40 tokens left: request 1 waits whole
    inst.admit(Self.request(2, input: 150, output: 1))
    #expect(inst.finished.last?.outcome == .rejectedTooLong)  // longer than the whole budget
  }
}
