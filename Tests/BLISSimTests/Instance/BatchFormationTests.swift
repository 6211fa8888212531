import Testing
@testable import BLISSim

private func request(_ id: Int, input: Int, output: Int, at micros: Int64 = 0, seed: UInt64? = nil) -> WorkloadRequest {
  WorkloadRequest(id: id, arrival: SimTime(microseconds: micros), inputTokens: input, outputTokens: output,
                  promptSeed: seed ?? UInt64(id + 1000))
}

private func instance(_ configure: (inout EngineConfiguration) -> Void = { _ in }) -> Instance {
  var c = EngineConfiguration()
  configure(&c)
  return Instance(index: 0, configuration: c)
}

/// Runs steps back to back from t = 0 until the instance is idle; returns the step count.
@discardableResult
private func drain(_ inst: inout Instance, model: any LatencyModel = ConstantStepModel(stepMicros: 1_000)) -> Int {
  var t = SimTime.zero
  var steps = 0
  while let next = inst.runStep(at: t, model: model) {
    t = next
    steps += 1
  }
  return steps + 1
}

@Test func longPromptIsChunkedByTheTokenBudget() {
  var inst = instance()
  inst.admit(request(0, input: 7_000, output: 1))
  var chunks: [Int] = []
  var t = SimTime.zero
  while true {
    let next = inst.runStep(at: t, model: ConstantStepModel(stepMicros: 1_000))
    chunks.append(contentsOf: inst.shape.prefills.map(\.newTokens))
    guard let n = next else { break }
    t = n
  }
  #expect(chunks == [2048, 2048, 2048, 856])
  #expect(inst.finished.first?.ttftMicros == 4_000)
}

@Test func thresholdCapsEachChunkAndLetsOthersIn() {
  var inst = instance { $0.longPrefillTokenThreshold = 256 }
  inst.admit(request(0, input: 1_000, output: 2))
  inst.admit(request(1, input: 100, output: 2))
  _ = inst.runStep(at: .zero, model: ConstantStepModel(stepMicros: 1_000))
  // Step 1 formed: request 0 gets 256 tokens, request 1 is admitted with its 100.
  #expect(inst.running.count == 2)
  #expect(inst.progress.map(\.computedTokens) == [256, 100])
}

@Test func singleOutputRequestCompletesInItsPrefillStep() {
  var inst = instance()
  inst.admit(request(0, input: 50, output: 1))
  #expect(drain(&inst) == 1)
  let r = inst.finished[0]
  #expect(r.outcome == .completed && r.outputTokens == 1 && r.ttftMicros == r.e2eMicros && r.itlCount == 0)
}

@Test func decodeTokensEmitOnePerStep() {
  var inst = instance()
  inst.admit(request(0, input: 40, output: 5))
  drain(&inst)
  let r = inst.finished[0]
  #expect(r.ttftMicros == 1_000 && r.e2eMicros == 5_000 && r.itlCount == 4 && r.itlSumMicros == 4_000)
  #expect(inst.metrics.itl.count == 4)
  #expect(inst.kv.usedBlocks == 0)
}

@Test func outputTokenDelayShowsInLatencyButNotInTheClock() {
  var inst = instance {
    var profile = ServingProfile.gpuOnly
    profile.hostCPU = HostCPUComponent(stepMicros: 100, perRunningRequestMicros: 10)
    profile.outputPath.tokenDelayMicros = 70
    $0.serving = profile.stack(tensorParallelism: 1)
  }
  inst.admit(request(0, input: 40, output: 3))
  var t = SimTime.zero
  var stepStarts: [Int64] = []
  while true {
    stepStarts.append(t.microseconds)
    guard let n = inst.runStep(at: t, model: ConstantStepModel(stepMicros: 1_000)) else { break }
    t = n
  }
  #expect(stepStarts == [0, 1_110, 2_220])  // a token delay never delays a step; synchronous host CPU does
  let r = inst.finished[0]
  #expect(r.ttftMicros == 1_110 + 70)
  #expect(r.e2eMicros == 3_330 + 70)
}

@Test func preemptionTakesTheNewestAndRequeuesItAtTheFront() {
  // 6 blocks of 16 tokens. Two requests of 40 prompt tokens (3 blocks each) fill the cache; the
  // first one's decode needs a 4th block at token 48, so the second (newest) is preempted.
  var inst = instance { $0.totalKVBlocksPerInstance = 6; $0.enablePrefixCaching = false }
  inst.admit(request(0, input: 40, output: 20))
  inst.admit(request(1, input: 40, output: 20))
  inst.admit(request(2, input: 10, output: 1))
  var t = SimTime.zero
  var sawPreemption = false
  while let n = inst.runStep(at: t, model: ConstantStepModel(stepMicros: 1_000)) {
    if inst.metrics.preemptions > 0 && !sawPreemption {
      sawPreemption = true
      #expect(inst.runningSlots.map { inst.slots[Int($0)].id } == [0])
      #expect(inst.waitingIDs == [1, 2])  // victim ahead of the older waiting request
      #expect(inst.preemptedHead.map { inst.progress[Int($0)].computedTokens } == 0)
    }
    t = n
  }
  #expect(sawPreemption)
  #expect(inst.finished.filter { $0.outcome == .completed }.count == 3)
  #expect(inst.finished.first { $0.id == 1 }?.preemptions ?? 0 >= 1)
}

@Test func preemptedRequestKeepsItsTokensAndRecomputesThemAsPrefill() {
  // Same cache pressure as above: request 1 is preempted after it has emitted some tokens.
  var inst = instance { $0.totalKVBlocksPerInstance = 6; $0.enablePrefixCaching = false }
  inst.admit(request(0, input: 40, output: 20))
  inst.admit(request(1, input: 40, output: 20))
  var t = SimTime.zero
  var emittedAtPreemption = -1
  var firstEmitBefore = SimTime.zero
  var resumeChunk: PrefillChunk?
  while let n = inst.runStep(at: t, model: ConstantStepModel(stepMicros: 1_000)) {
    if emittedAtPreemption < 0, inst.metrics.preemptions > 0, let w = inst.preemptedHead {
      emittedAtPreemption = Int(inst.progress[Int(w)].emittedTokens)
      firstEmitBefore = inst.progress[Int(w)].firstEmit
      #expect(inst.progress[Int(w)].prefillEndTokens == 40 + inst.progress[Int(w)].emittedTokens)
    } else if emittedAtPreemption >= 0, resumeChunk == nil, let chunk = inst.shape.prefills.first {
      resumeChunk = chunk
    }
    t = n
  }
  let victim = inst.finished.first { $0.id == 1 }
  #expect(emittedAtPreemption >= 1, "request 1 had emitted tokens before it was preempted")
  // vLLM recompute: prompt + emitted tokens are prefilled again, then decoding resumes.
  #expect(resumeChunk.map { $0.contextTokens + $0.newTokens } == 40 + emittedAtPreemption)
  #expect(victim?.outputTokens == 20)
  #expect(victim?.itlCount == 19)
  // TTFT is when the user got the first token: before the preemption, and not re-stamped.
  #expect(victim.map { SimTime(microseconds: $0.ttftMicros) } == firstEmitBefore)
}

@Test func requestThatCanNeverFitIsDroppedNotLivelocked() {
  var inst = instance { $0.totalKVBlocksPerInstance = 4 }
  // Prompt needs 5 blocks: dropped at enqueue.
  inst.admit(request(0, input: 70, output: 1))
  #expect(inst.finished.last?.outcome == .droppedUnservable)
  // Prompt fits (2 blocks) but prompt + output needs 7: dropped when it outgrows the cache alone.
  inst.admit(request(1, input: 20, output: 90))
  drain(&inst)
  #expect(inst.finished.last?.outcome == .droppedUnservable)
  #expect(inst.metrics.droppedUnservable == 2)
  #expect(inst.kv.usedBlocks == 0)
}

@Test func maxModelLenRejectsLongPromptsAndCapsOutputs() {
  var inst = instance { $0.maxModelLen = 100 }
  inst.admit(request(0, input: 100, output: 5))
  #expect(inst.finished.last?.outcome == .rejectedTooLong)
  inst.admit(request(1, input: 90, output: 50))
  drain(&inst)
  #expect(inst.finished.last?.outcome == .completed)
  #expect(inst.finished.last?.outputTokens == 10)
  #expect(inst.metrics.lengthCapped == 1)
}

@Test func waitQueueIsFCFSWithHeadOfLineBlocking() {
  // Budget 100: the 150-token head takes the whole budget; the small request behind it waits.
  var inst = instance { $0.maxNumBatchedTokens = 100 }
  inst.admit(request(0, input: 150, output: 1))
  inst.admit(request(1, input: 5, output: 1))
  _ = inst.runStep(at: .zero, model: ConstantStepModel(stepMicros: 1_000))
  #expect(inst.running.count == 1 && inst.waiting.count == 1)
}

@Test func maxNumSeqsBoundsTheBatch() {
  var inst = instance { $0.maxNumSeqs = 3 }
  for i in 0..<10 { inst.admit(request(i, input: 10, output: 4)) }
  _ = inst.runStep(at: .zero, model: ConstantStepModel(stepMicros: 1_000))
  #expect(inst.runningCount == 3)
  #expect(inst.shape.prefills.count == 3)
}

@Test func batchShapeReportsDecodeContext() {
  var inst = instance()
  inst.admit(request(0, input: 30, output: 10))
  inst.admit(request(1, input: 50, output: 10))
  let model = ConstantStepModel(stepMicros: 1_000)
  _ = inst.runStep(at: .zero, model: model)
  _ = inst.runStep(at: SimTime(microseconds: 1_000), model: model)
  #expect(inst.shape.prefills.isEmpty)
  #expect(inst.shape.decodeCount == 2)
  #expect(inst.shape.decodeContextTokensSum == 80)
}
