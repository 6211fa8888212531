/// One engine step: form the batch, price it (host CPU ⊕ GPU per the engine loop), advance every
/// scheduled request, and queue the step's tokens for the output path.
///
/// Timing: the step starting at `now` ends at `now + wall`, where wall = host CPU + GPU for a
/// synchronous loop and max(host CPU, GPU) for an async one (`ServingStack.wallMicros`). With
/// multi-step scheduling a decode-only batch runs K GPU steps back to back and pays the scheduler
/// once. The step's tokens reach the API server at the step end; `deliverOutput` (an output event
/// at that time) processes them FIFO on the API-server loop and stamps client delivery times.
///
/// Metrics are client-side and physically faithful (a deliberate deviation from the reference,
/// which sums per-step `stepTime + α2` samples): TTFT = first chunk delivered − arrival, each ITL
/// sample is the gap between two consecutive chunks of the same request (so a step in which a
/// running request got no tokens lengthens its next gap), E2E = last chunk − arrival, TPOT =
/// (E2E − TTFT) / (outputs − 1).
extension Instance {
  /// What a step left behind: when the next step starts (nil when the instance goes idle) and,
  /// when the instance goes idle with tokens to deliver, when its output job runs (an output event).
  /// When the next step follows at once, that step event delivers the output first instead (one
  /// event per step rather than two).
  struct StepOutcome {
    var nextStep: SimTime?
    var output: SimTime?
  }

  /// A step event at `now`: the previous step's output job runs at this step's start (when it is
  /// due), before the batch is formed; then the step. (One access to the instance for both.)
  @inline(__always)
  mutating func stepEvent(at now: SimTime, model: inout StepTimeCache) -> StepOutcome {
    if let at = pendingOutputAt, at <= now { deliverOutput(at: at) }
    return step(at: now, model: &model)
  }

  /// Runs the step starting at `now`.
  mutating func step(at now: SimTime, model: inout StepTimeCache) -> StepOutcome {
    kv.advanceUsageClock(to: now)
    let cutoff = nextBatchCutoff
    let plan = formBatch(at: now, admittingUntil: cutoff)
    if plan.scheduled == 0 {
      if runningCount == 0 && waiting.isEmpty {
        stepPending = false
        nextBatchCutoff = .distantFuture
        return StepOutcome(nextStep: nil, output: nil)
      }
      // Everything was preempted, nothing fit, or every waiting request is still behind the async
      // cutoff: try again after one scheduler pass (work conserving).
      let pass = serving.hostMicros(running: 0, scheduledTokens: 0, outputTokens: 0)
      busyUntil = now + max(SimDuration(microseconds: 1), SimDuration(truncatingMicroseconds: pass))
      nextBatchCutoff = serving.engineLoop.mode == .async ? now : .distantFuture
      return StepOutcome(nextStep: busyUntil, output: nil)
    }
    let steps = plan.decodeSteps
    var gpuMicros = 0.0
    if steps > 1 {
      // Multi-step: the same batch K times; every member's context grows by one token per step.
      var s = shape
      for _ in 0..<steps {
        gpuMicros += Double(max(SimDuration(microseconds: 1), model.stepTime(for: s)).microseconds)
        s.decodeContextTokensSum += s.decodeCount
      }
    } else {
      gpuMicros = Double(max(SimDuration(microseconds: 1), model.stepTime(for: shape)).microseconds)
    }
    let host = serving.hostMicros(running: runningCount, scheduledTokens: plan.scheduledTokens,
                                  outputTokens: plan.outputTokens, steps: steps)
    let wall = serving.wallMicros(hostMicros: host, gpuMicros: gpuMicros)
    let end = now + max(SimDuration(microseconds: 1), SimDuration(truncatingMicroseconds: wall))
    kv.advanceUsageClock(to: end)
    if plan.cohortScheduled { advanceCohort() }
    execute()
    formCohort()
    metrics.steps += steps
    metrics.scheduledRequestSteps += plan.scheduled * steps
    busyUntil = end
    pendingOutputAt = pendingOutput.isEmpty && cohort.advancedInPendingStep == 0 ? nil : end
    if runningCount == 0 && waiting.isEmpty {
      stepPending = false
      nextBatchCutoff = .distantFuture
      return StepOutcome(nextStep: nil, output: pendingOutputAt)
    }
    // An async loop formed the next batch while this step ran, from what was queued by now.
    nextBatchCutoff = serving.engineLoop.mode == .async ? now : .distantFuture
    return StepOutcome(nextStep: end, output: nil)
  }

  /// Advances every explicit request that got tokens this step, queues its tokens for delivery,
  /// retires completed requests from the running batch (their KV is released now; their records
  /// are emitted when their last chunk is delivered), and compacts the list (keeping its order).
  @inline(__always)
  mutating func execute() {
    pendingOutput.clear()
    guard !running.isEmpty else { return }
    var kept = 0
    for i in 0..<running.count {
      let s = Int(running[i])
      let n = newTokens[i]
      newTokens[i] = 0
      if n > 0 {
        var produced: Int32 = 0
        let wasFirst = progress[s].emittedTokens == 0
        if progress[s].computedTokens < progress[s].prefillEndTokens {
          progress[s].computedTokens += n
          if progress[s].computedTokens == progress[s].prefillEndTokens { produced = 1 }
        } else {
          // Decode: each token computed emits the next one (n > 1 only with multi-step).
          produced = min(n, progress[s].outputTokens - progress[s].emittedTokens)
          progress[s].computedTokens += produced
        }
        if produced > 0 {
          progress[s].emittedTokens += produced
          progress[s].deliveredChunks += 1
          let done = progress[s].emittedTokens == progress[s].outputTokens
          pendingOutput.append(PendingChunk(slot: Int32(s), tokens: produced, isFirst: wasFirst, isLast: done))
          if done {
            slots[s].phase = .finishing
            finishingCount += 1
            releaseBlocks(s)
            continue
          }
        }
      }
      running[kept] = running[i]
      newTokens[kept] = newTokens[i]
      kept += 1
    }
    running.truncate(to: kept)
    newTokens.truncate(to: kept)
  }

  /// The output job of the step that ended at `now`: the API-server loop processes the step's
  /// tokens (FIFO, after whatever it is busy with), then every chunk crosses the network. Stamps
  /// delivery times, ITL samples, and emits the records of requests whose last chunk this is.
  mutating func deliverOutput(at now: SimTime) {
    guard pendingOutputAt != nil else { return }
    pendingOutputAt = nil
    let out = serving.outputPath
    var tokens = cohort.advancedInPendingStep
    for k in pendingOutput.indices { tokens += Int(pendingOutput[k].tokens) }
    let service = out.stepMicros + out.perTokenMicros * Double(tokens)
    let processed = max(now, apiServerFreeAt) + SimDuration(truncatingMicroseconds: service)
    apiServerFreeAt = processed
    let delivery = processed + SimDuration(truncatingMicroseconds: serving.frontEnd.networkRoundTripMicros / 2
                                           + out.tokenDelayMicros)
    // The cohort runs first in the batch, so its finishers' records come first.
    deliverCohort(at: delivery)
    lastActivity = max(lastActivity, delivery)
    guard !pendingOutput.isEmpty else {
      lastDelivery = delivery
      return
    }
    let commonGap = delivery - lastDelivery
    var commonGapCount = 0
    gapScratch.clear()
    // Index loops: iterating a list itself holds a second reference to its storage (a retain and
    // a release per output job).
    for k in pendingOutput.indices {
      let c = pendingOutput[k]
      let s = Int(c.slot)
      if c.isFirst {
        let extra = out.firstChunkMicros + out.firstChunkPerPromptTokenMicros * Double(slots[s].promptTokens)
        progress[s].firstEmit = delivery + SimDuration(truncatingMicroseconds: extra)
        progress[s].lastEmit = progress[s].firstEmit
        lastActivity = max(lastActivity, progress[s].firstEmit)
      } else {
        // A stream is ordered: a chunk never overtakes the request's previous one (whose first
        // chunk may still be on its slower way).
        let arrives = max(delivery, progress[s].lastEmit)
        let gap = arrives - progress[s].lastEmit
        if gap == commonGap { commonGapCount += 1 } else { gapScratch.append(gap.microseconds) }
        progress[s].lastEmit = arrives
      }
      if c.isLast {
        finishingCount -= 1
        finish(s, outcome: .completed)
      }
    }
    for k in gapScratch.indices { metrics.itl.add(gapScratch[k]) }
    if commonGapCount > 0 { metrics.itl.add(commonGap.microseconds, weight: commonGapCount) }
    lastDelivery = delivery
    pendingOutput.clear()
  }
}
