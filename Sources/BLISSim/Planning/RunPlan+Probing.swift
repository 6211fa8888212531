extension RunPlan {
  /// This plan with its arrivals replaced by one constant-rate stage: `requests` requests at
  /// `rate` req/s (the spec's arrival process, lengths, shared prefixes and seed are kept), and no
  /// horizon, so every request finishes. With the same seed, a probe at another rate draws the
  /// same request sequence (same lengths), only spaced differently.
  /// - Throws: `PlanningError.traceWorkload` for a replayed trace (its arrival times are fixed).
  public func probing(rate: Double, requests: Int) throws(PlanningError) -> RunPlan {
    try replacingArrivals(rate: rate, requests: requests) { arrival in
      [WorkloadStage(ratePerSecond: rate, durationSeconds: nil, arrival: arrival)]
    }
  }

  /// This plan with the synthetic spec's stages replaced by `stages(arrival)` (given the spec's
  /// arrival process), at most `requests` requests, no horizon, and `rate` as the nominal rate;
  /// everything else (lengths, prefixes, seed, serving profile, engine) kept.
  func replacingArrivals(rate: Double, requests: Int?,
                         stages: (ArrivalProcess?) -> [WorkloadStage]) throws(PlanningError) -> RunPlan {
    guard case .synthetic(var spec) = workload else { throw .traceWorkload }
    spec.stages = stages(spec.stages.first?.arrival)
    spec.numRequests = requests
    var engine = engine
    engine.horizon = nil
    var settings = settings
    settings.workload.rateRequestsPerSecond = rate
    if let requests { settings.workload.numRequests = requests }
    settings.engine.horizon = nil
    return RunPlan(settings: settings, deployment: deployment, engine: engine, workload: .synthetic(spec), warnings: warnings)
  }

  /// This plan at another arrival rate, built exactly as `blis run --rate <rate>` builds it
  /// (the sweep uses this so its points equal individual runs).
  public func atRate(_ rate: Double, files: DataFiles, resolver: ModelConfigResolver) throws -> RunPlan {
    var s = settings
    s.workload.rateRequestsPerSecond = rate
    s.markExplicit(\.rate)
    return try RunPlan.make(s, kind: kind, files: files, resolver: resolver)
  }
}
