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

  /// This plan as a closed loop of `clients` clients sending `requests` requests as fast as they
  /// are answered (think time and lengths from the plan), with no horizon.
  /// - Throws: `PlanningError.traceWorkload` for a replayed trace.
  public func probing(concurrency clients: Int, requests: Int) throws(PlanningError) -> RunPlan {
    guard case .synthetic(var spec) = workload else { throw .traceWorkload }
    let arrival = spec.stages.first?.arrival
    spec.stages = [WorkloadStage(ratePerSecond: .infinity, durationSeconds: nil, arrival: arrival)]
    spec.numRequests = requests
    var loop = settings.workload.closedLoop ?? ClosedLoop(clients: clients)
    loop.clients = clients
    loop.durationSeconds = nil
    spec.closedLoop = loop
    var engine = engine
    engine.horizon = nil
    var settings = settings
    settings.workload.concurrency = clients
    settings.workload.numRequests = requests
    settings.engine.horizon = nil
    return RunPlan(settings: settings, deployment: deployment, engine: engine, workload: .synthetic(spec), warnings: warnings)
  }

  /// This plan at another arrival rate, built exactly as `blis run --rate <rate>` builds it
  /// (the sweep uses this so its points equal individual runs).
  public func atRate(_ rate: Double, files: DataFiles, resolver: ModelConfigResolver) throws -> RunPlan {
    try atLoad(SweepLoad(rateRequestsPerSecond: rate), files: files, resolver: resolver)
  }

  /// This plan under `load`, built exactly as `blis run [--rate R] [--concurrency N]` builds it.
  public func atLoad(_ load: SweepLoad, files: DataFiles, resolver: ModelConfigResolver) throws -> RunPlan {
    var s = settings
    if let rate = load.rateRequestsPerSecond {
      s.workload.rateRequestsPerSecond = rate
      s.markExplicit(\.rate)
    }
    if let clients = load.concurrency {
      s.workload.concurrency = clients
      s.markExplicit(\.concurrency)
    }
    return try RunPlan.make(s, kind: kind, files: files, resolver: resolver)
  }
}
