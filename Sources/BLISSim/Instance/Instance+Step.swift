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
  ///
  /// The hot loop of the engine (it touches every running request every step), so it works on
  /// unsafe buffers of arrays moved out of `self`: no uniqueness checks, no retain/release.
  mutating func execute(emitAt emit: SimTime) {
    let commonGap = emit - lastStepEmit
    var commonGapCount = 0
    var kept = 0
    // Move the arrays out (swap keeps every buffer uniquely referenced: no copy on write).
    var table: [RequestProgress] = []
    var batch: [Int32] = []
    var tokens: [Int32] = []
    var done: [Int32] = []
    var gaps: [Int64] = []
    swap(&table, &progress)
    swap(&batch, &running)
    swap(&tokens, &newTokens)
    swap(&done, &completedScratch)
    swap(&gaps, &gapScratch)
    done.removeAll(keepingCapacity: true)
    gaps.removeAll(keepingCapacity: true)
    table.withUnsafeMutableBufferPointer { sp in
      batch.withUnsafeMutableBufferPointer { rp in
        tokens.withUnsafeMutableBufferPointer { np in
          for i in 0..<rp.count {
            let s = Int(rp[i])
            let n = np[i]
            np[i] = 0
            if n > 0 {
              if sp[s].computedTokens < sp[s].prefillEndTokens {
                sp[s].computedTokens += n
                if sp[s].computedTokens == sp[s].prefillEndTokens {
                  if sp[s].emittedTokens == 0 {
                    sp[s].firstEmit = emit
                  } else {
                    // Resumed after a preemption: the stall is part of this gap.
                    gaps.append((emit - sp[s].lastEmit).microseconds)
                  }
                  sp[s].emittedTokens += 1
                  sp[s].lastEmit = emit
                }
              } else {
                sp[s].computedTokens += 1
                sp[s].emittedTokens += 1
                let gap = emit - sp[s].lastEmit
                if gap == commonGap { commonGapCount += 1 } else { gaps.append(gap.microseconds) }
                sp[s].lastEmit = emit
              }
              if sp[s].emittedTokens == sp[s].outputTokens {
                done.append(Int32(s))
                continue
              }
            }
            rp[kept] = rp[i]
            kept += 1
          }
        }
      }
    }
    swap(&table, &progress)
    if kept < batch.count {
      batch.removeLast(batch.count - kept)
      tokens.removeLast(tokens.count - kept)
    }
    swap(&batch, &running)
    swap(&tokens, &newTokens)
    for g in gaps { metrics.itl.add(g) }
    if commonGapCount > 0 { metrics.itl.add(commonGap.microseconds, weight: commonGapCount) }
    lastStepEmit = emit
    for s in done { finish(Int(s), outcome: .completed) }
    swap(&done, &completedScratch)
    swap(&gaps, &gapScratch)
  }
}
