/// One point of a sweep: a deployment at an offered rate, and its run report.
public struct SweepPoint: Sendable, Codable {
  public var split: GPUSplit
  public var kind: LatencyModelChoice
  public var rateRequestsPerSecond: Double
  public var report: RunReport

  /// Output tokens per second per GPU (over the arrival window, like `blis run`).
  public var outputTokensPerSecondPerGPU: Double { report.cluster.outputTokensPerSecond / Double(split.gpuCount) }

  enum CodingKeys: String, CodingKey { case split, kind = "latency_model", rateRequestsPerSecond = "rate_per_s", report }
}

/// Runs every deployment × rate of a sweep, in parallel on all cores. Each point is built exactly
/// as `blis run` would build it with those flags (`RunPlan.atRate`), so a point's report equals
/// the individual run's. Order: deployments in order, rates in order within each.
public enum SweepPlanner {
  public static func run(_ deployments: [PlanningDeployments.Deployment], rates: [Double], files: DataFiles,
                         resolver: ModelConfigResolver,
                         progress: @escaping @Sendable (SweepPoint) -> Void = { _ in }) throws -> [SweepPoint] {
    // Plans are built serially (they may read files); only the simulations run in parallel.
    var jobs: [(PlanningDeployments.Deployment, Double, RunPlan)] = []
    for d in deployments {
      for rate in rates { jobs.append((d, rate, try d.plan.atRate(rate, files: files, resolver: resolver))) }
    }
    let outcomes = ParallelMap.map(jobs.map { SweepJob(deployment: $0.0, rate: $0.1, plan: $0.2) }) { job in
      Result<SweepPoint, any Error> {
        let (d, rate, plan) = (job.deployment, job.rate, job.plan)
        var simulation = try plan.makeSimulation()
        var window = ArrivalWindowCounter(plan: plan)
        let report = simulation.run(recordingInto: &window).measuredOverArrivals(window)
        let point = SweepPoint(split: d.split, kind: d.kind, rateRequestsPerSecond: rate, report: report)
        progress(point)
        return point
      }
    }
    return try outcomes.map { try $0.get() }
  }

  private struct SweepJob: Sendable {
    var deployment: PlanningDeployments.Deployment
    var rate: Double
    var plan: RunPlan
  }
}
