/// One engine step: form the batch, price it, advance every scheduled request, retire the
/// finished ones.
///
/// Timing (all real simulated time except α2):
///   step start `now` → + scheduling overhead (CPU, base + per scheduled request) → + GPU step
///   time → step end. Tokens produced by the step are emitted at `step end + α2`; α2 (output
///   token processing) shows in TTFT/ITL/E2E but never delays the next step, which starts at
///   the step end.
/// Metrics are physically faithful (a deliberate deviation from the reference, which sums
/// per-step `stepTime + α2` samples): TTFT = first emit − arrival, each ITL sample is the gap
/// between two consecutive emits of the same request (so a step in which a running request got
/// no tokens lengthens its next gap), E2E = last emit − arrival.
extension Instance {
  /// Runs the step starting at `now`. Returns the time of the next step, or nil when the
  /// instance goes idle (nothing running, nothing waiting).
  mutating func step(at now: SimTime, model: any LatencyModel, overheads: CPUOverheads,
                     outputTokenDelay: SimDuration) -> SimTime? {
    kv.advanceUsageClock(to: now)
    let scheduled = formBatch(at: now)
    if scheduled == 0 {
      if running.isEmpty && waiting.isEmpty {
        stepPending = false
        return nil
      }
      // Everything was preempted or nothing fit this time: try again shortly (work conserving).
      let retry = max(SimDuration(microseconds: 1), overheads.schedulingDelay(requests: 0))
      busyUntil = now + retry
      return busyUntil
    }
    let gpu = max(SimDuration(microseconds: 1), model.stepTime(for: shape))
    let end = now + overheads.schedulingDelay(requests: scheduled) + gpu
    kv.advanceUsageClock(to: end)
    execute(emitAt: end + outputTokenDelay)
    metrics.steps += 1
    metrics.scheduledRequestSteps += scheduled
    busyUntil = end
    if running.isEmpty && waiting.isEmpty {
      stepPending = false
      return nil
    }
    return end
  }

  /// Advances every request that got tokens this step, emits tokens at `emit`, retires
  /// completed requests, and compacts the running batch (keeping its order).
  mutating func execute(emitAt emit: SimTime) {
    let commonGap = emit - lastStepEmit
    var commonGapCount = 0
    var kept = 0
    for i in 0..<running.count {
      let s = Int(running[i])
      let n = newTokens[i]
      newTokens[i] = 0
      if n > 0 {
        if slots[s].computedTokens < slots[s].inputTokens {
          slots[s].computedTokens += n
          if slots[s].computedTokens == slots[s].inputTokens {
            slots[s].emittedTokens = 1
            slots[s].firstEmit = emit
            slots[s].lastEmit = emit
          }
        } else {
          slots[s].computedTokens += 1
          slots[s].emittedTokens += 1
          let gap = emit - slots[s].lastEmit
          if gap == commonGap { commonGapCount += 1 } else { metrics.itl.add(gap.microseconds) }
          slots[s].lastEmit = emit
        }
        if slots[s].emittedTokens == slots[s].outputTokens {
          finish(s, outcome: .completed)
          continue
        }
      }
      running[kept] = running[i]
      kept += 1
    }
    if kept < running.count {
      running.removeLast(running.count - kept)
      newTokens.removeLast(newTokens.count - kept)
    }
    if commonGapCount > 0 { metrics.itl.add(commonGap.microseconds, weight: commonGapCount) }
    lastStepEmit = emit
  }
}
