extension CapacitySearchSettings {
  /// The draws a search of `plan` starting at `startRate` shares between its probes
  /// (`WorkloadDraws`): enough requests for a probe at twice the start rate (searches rarely go
  /// higher; a probe beyond them draws the rest itself), at most as many as a probe replays
  /// (`ProbeRun.replayedRequestsLimit`, ≤ 11 MB). Nil for a trace.
  public func probeDraws(of plan: RunPlan, startRate: Double) -> WorkloadDraws? {
    let count = min(requests(atRate: 2 * startRate), ProbeRun.replayedRequestsLimit)
    guard let probe = try? plan.probing(rate: startRate, requests: count) else { return nil }
    return WorkloadDraws(probe.workload, seed: probe.engine.seed, count: count)
  }
}
