/// The load of one sweep point: an offered arrival rate (`--rates`), a closed loop of clients
/// (`--concurrency-list`), or both (the rate's arrivals, at most that many in flight).
public struct SweepLoad: Sendable, Hashable, Codable {
  /// Requests per second; nil = the clients send as fast as they are answered.
  public var rateRequestsPerSecond: Double?
  /// Closed-loop clients; nil = an open loop.
  public var concurrency: Int?

  public init(rateRequestsPerSecond: Double? = nil, concurrency: Int? = nil) {
    self.rateRequestsPerSecond = rateRequestsPerSecond; self.concurrency = concurrency
  }

  /// Every combination of `rates` and `concurrencies` (either may be empty), rates outermost.
  public static func grid(rates: [Double], concurrencies: [Int]) -> [SweepLoad] {
    let r: [Double?] = rates.isEmpty ? [nil] : rates
    let c: [Int?] = concurrencies.isEmpty ? [nil] : concurrencies
    return r.flatMap { rate in c.map { SweepLoad(rateRequestsPerSecond: rate, concurrency: $0) } }
  }

  enum CodingKeys: String, CodingKey { case rateRequestsPerSecond = "rate_per_s", concurrency }
}

/// One point of a sweep: a deployment under a load, and its run report.
public struct SweepPoint: Sendable, Codable {
  public var split: GPUSplit
  public var kind: LatencyModelChoice
  /// Offered arrival rate; nil for a closed loop without a rate (clients send as fast as answered).
  public var rateRequestsPerSecond: Double?
  /// Closed-loop clients; nil for an open loop.
  public var concurrency: Int?
  public var report: RunReport

  /// Output tokens per second per GPU (over the arrival window, like `blis run`).
  public var outputTokensPerSecondPerGPU: Double { report.cluster.outputTokensPerSecond / Double(split.gpuCount) }

  enum CodingKeys: String, CodingKey {
    case split, kind = "latency_model", rateRequestsPerSecond = "rate_per_s", concurrency, report
  }
}

/// Runs every deployment × load of a sweep, in parallel on all cores (fewer when their memory
/// estimates would not fit together; a point that cannot fit at all is refused before any runs). Each point is built exactly
/// as `blis run` would build it with those flags (`RunPlan.atLoad`), so a point's report equals
/// the individual run's. Order: deployments in order, loads in order within each.
public enum SweepPlanner {
  public static func run(_ deployments: [PlanningDeployments.Deployment], rates: [Double], files: DataFiles,
                         resolver: ModelConfigResolver,
                         progress: @escaping @Sendable (SweepPoint) -> Void = { _ in }) throws -> [SweepPoint] {
    try run(deployments, loads: rates.map { SweepLoad(rateRequestsPerSecond: $0) }, files: files, resolver: resolver,
            progress: progress)
  }

  /// - Parameter shard: runs only the shard's grid positions (deployments × loads, in order;
  ///   `GridShard.positions(inGridOf: deployments.count * loads.count)`), returned in that order.
  public static func run(_ deployments: [PlanningDeployments.Deployment], loads: [SweepLoad], files: DataFiles,
                         resolver: ModelConfigResolver, shard: GridShard? = nil, memory: MemoryBudget = .unknown,
                         progress: @escaping @Sendable (SweepPoint) -> Void = { _ in }) throws -> [SweepPoint] {
    // Plans are built serially (they may read files); only the simulations run in parallel.
    var jobs: [SweepJob] = []
    var position = 0
    for d in deployments {
      for load in loads {
        defer { position += 1 }
        guard shard?.owns(position) ?? true else { continue }
        jobs.append(SweepJob(deployment: d, load: load, plan: try d.plan.atLoad(load, files: files, resolver: resolver)))
      }
    }
    let peaks = try jobs.map { job in
      let estimate = MemoryEstimate(plan: job.plan)
      try memory.check(estimate, plan: job.plan)
      return estimate.totalBytes
    }
    let outcomes = ParallelMap.map(Array(zip(jobs, peaks)), memory: memory, jobBytes: \.1) { job, _ in
      Result<SweepPoint, any Error> {
        var simulation = try job.plan.makeSimulation()
        var window = ArrivalWindowCounter(plan: job.plan)
        let report = simulation.run(recordingInto: &window).measuredOverArrivals(window)
        let point = SweepPoint(split: job.deployment.split, kind: job.deployment.kind,
                               rateRequestsPerSecond: job.load.rateRequestsPerSecond, concurrency: job.load.concurrency,
                               report: report)
        progress(point)
        return point
      }
    }
    return try outcomes.map { try $0.get() }
  }

  private struct SweepJob: Sendable {
    var deployment: PlanningDeployments.Deployment
    var load: SweepLoad
    var plan: RunPlan
  }
}
