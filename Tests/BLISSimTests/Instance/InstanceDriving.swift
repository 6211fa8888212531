@testable import BLISSim

/// Drives one `Instance` without a `Simulation`: what the event loop does, in order.
extension Instance {
  /// Routes `r` to this instance at `t` and puts it in the wait queue once it leaves the front end
  /// (at once with a zero-cost front end).
  mutating func admit(_ r: WorkloadRequest, at t: SimTime = .zero) {
    let (slot, ready) = accept(r, at: t)
    let t = tokenize(slot: slot, ready: ready)
    if let alone = t.alone { _ = enqueue(slot: slot, at: alone) }
    for release in tokenizerReleases { _ = enqueue(slot: release.slot, at: release.at) }
  }

  /// One step at `t` and, at its end, its output job. Returns when the next step starts.
  mutating func runStep(at t: SimTime, model: any LatencyModel) -> SimTime? {
    var cache = StepTimeCache(model: model)
    let outcome = step(at: t, model: &cache)
    if let output = pendingOutputAt { deliverOutput(at: output) }
    return outcome.nextStep
  }
}
