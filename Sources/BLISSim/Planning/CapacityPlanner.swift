import Foundation

/// The capacity of one deployment under latency SLOs, with cost and sizing.
public struct CapacityResult: Sendable, Codable {
  /// One probe of the search, in the order it ran.
  public struct Probe: Sendable, Hashable, Codable {
    public var rateRequestsPerSecond: Double
    public var requests: Int
    public var passed: Bool
    public var failures: [String]
    /// Cluster p99 latencies of the probe, ms, and its completed throughput in the window, req/s.
    public var ttftP99Ms: Double
    public var itlP99Ms: Double
    public var e2eP99Ms: Double
    public var throughputRequestsPerSecond: Double
    /// Closed-loop clients of a concurrency search's probe (its `rateRequestsPerSecond` is then the
    /// throughput it achieved); nil for a rate search.
    public var concurrency: Int? = nil
    /// Set when the probe stopped once its failure was certain (`ProbeEarlyStop`): its latencies
    /// then cover only the run up to that simulated second.
    public var stoppedEarlyAtSeconds: Double? = nil
    enum CodingKeys: String, CodingKey {
      case rateRequestsPerSecond = "rate_per_s", requests, passed, failures, ttftP99Ms = "ttft_p99_ms"
      case itlP99Ms = "itl_p99_ms", e2eP99Ms = "e2e_p99_ms", throughputRequestsPerSecond = "throughput_requests_per_s"
      case concurrency, stoppedEarlyAtSeconds = "stopped_early_at_s"
    }
  }

  public var split: GPUSplit
  public var kind: LatencyModelChoice
  public var hardware: String
  /// Price of one GPU-hour used for the cost, USD (0 = unknown).
  public var gpuHourUSD: Double
  /// The highest rate that met the SLOs and kept up, req/s; nil when even `minimumRate` failed.
  /// For a concurrency search: the throughput achieved at `maxConcurrency`.
  public var maxRateRequestsPerSecond: Double?
  /// For a concurrency search: the most closed-loop clients served within the SLOs (nil for a
  /// rate search, or when even one client failed).
  public var maxConcurrency: Int?
  /// The probe at `maxRateRequestsPerSecond` (latencies, goodput, throughput there).
  public var atMaxRate: ProbeMeasurement?
  /// Why the lowest failing rate failed (what limits the capacity); empty when nothing failed.
  public var limitedBy: [String]
  public var probes: [Probe]
  /// Doubts about this row's deployment (e.g. an unphysical blackbox row, from
  /// `ResolvedDeployment.warnings`). A flagged row is shown but not counted toward its split's
  /// capacity by `CapacityPlanner.best` while the split has an unflagged row. Not encoded here:
  /// the CLI words warnings (`CapacityReport`).
  public var warnings: [RunWarning] = []

  public init(split: GPUSplit, kind: LatencyModelChoice, hardware: String, gpuHourUSD: Double,
              maxRateRequestsPerSecond: Double?, maxConcurrency: Int? = nil, atMaxRate: ProbeMeasurement?,
              limitedBy: [String], probes: [Probe], warnings: [RunWarning] = []) {
    self.split = split; self.kind = kind; self.hardware = hardware; self.gpuHourUSD = gpuHourUSD
    self.maxRateRequestsPerSecond = maxRateRequestsPerSecond; self.maxConcurrency = maxConcurrency
    self.atMaxRate = atMaxRate; self.limitedBy = limitedBy; self.probes = probes; self.warnings = warnings
  }

  /// The result of the probes of one search of `plan` (in the order they ran): the capacity is
  /// the highest passing rate, the limit is why the lowest failing rate failed. `blis capacity`
  /// and the interactive planner (which runs the probes one at a time) both build it this way.
  /// - Parameter gpuHourUSD: overrides the hardware entry's price when given.
  public init(split: GPUSplit, plan: RunPlan, gpuHourUSD: Double? = nil, probes: [(rate: Double, measurement: ProbeMeasurement)]) {
    let passing = probes.filter(\.measurement.passed).max { $0.rate < $1.rate }
    let failing = probes.filter { !$0.measurement.passed }.min { $0.rate < $1.rate }
    let rows = probes.map { p in
      let c = p.measurement.report.cluster
      return Probe(rateRequestsPerSecond: p.rate, requests: p.measurement.requests, passed: p.measurement.passed,
                   failures: p.measurement.failures, ttftP99Ms: c.ttft.p99Ms, itlP99Ms: c.itl.p99Ms, e2eP99Ms: c.e2e.p99Ms,
                   throughputRequestsPerSecond: p.measurement.throughputRequestsPerSecond,
                   stoppedEarlyAtSeconds: p.measurement.stoppedEarlyAtSeconds)
    }
    self.init(split: split, kind: plan.kind, hardware: plan.deployment.hardware.name,
              gpuHourUSD: gpuHourUSD ?? plan.deployment.hardware.gpuHourUSD, maxRateRequestsPerSecond: passing?.rate,
              atMaxRate: passing?.measurement, limitedBy: failing?.measurement.failures ?? [], probes: rows,
              warnings: plan.deployment.warnings)
  }

  /// What `CapacityPlanner.best` ranks: the most clients for a concurrency search, else the max rate.
  public var capacity: Double? { maxConcurrency.map(Double.init) ?? maxRateRequestsPerSecond }

  /// Output tokens per second per GPU at the capacity.
  public var outputTokensPerSecondPerGPU: Double? {
    atMaxRate.map { $0.outputTokensPerSecond / Double(split.gpuCount) }
  }
  /// USD per hour for the split's GPUs (nil when the price is unknown).
  public var usdPerHour: Double? { gpuHourUSD > 0 ? gpuHourUSD * Double(split.gpuCount) : nil }
  /// USD per million output tokens at the capacity (nil when the price is unknown).
  public var usdPerMillionOutputTokens: Double? {
    atMaxRate.flatMap {
      CostModel.usdPerMillionOutputTokens(gpus: split.gpuCount, gpuHourUSD: gpuHourUSD,
                                          outputTokensPerSecond: $0.outputTokensPerSecond)
    }
  }
  /// GPUs needed for `targetRate` req/s with replicas of this split (see `CostModel.gpusNeeded`).
  public func gpusNeeded(targetRate: Double) -> Int? {
    maxRateRequestsPerSecond.flatMap { CostModel.gpusNeeded(targetRate: targetRate, maxRate: $0, split: split) }
  }

  enum CodingKeys: String, CodingKey {
    case split, kind = "latency_model", hardware, gpuHourUSD = "gpu_hour_usd"
    case maxRateRequestsPerSecond = "max_rate_per_s", maxConcurrency = "max_concurrency", atMaxRate = "at_max_rate"
    case limitedBy = "limited_by", probes
  }
}

/// Runs the capacity search for each deployment, in parallel on all cores, or on fewer when the
/// largest probes would not fit in memory together (one deployment per job; the probes of one
/// deployment are sequential; a deployment whose largest probe cannot fit at all is refused
/// before anything runs). Results are in input order and
/// deterministic: every probe uses the plan's seed.
public enum CapacityPlanner {
  /// - Parameters:
  ///   - gpuHourUSD: overrides the hardware entry's `gpuHourUSD` when given.
  ///   - log: called (from worker threads) with one line per probe, for progress on stderr.
  public static func run(_ deployments: [PlanningDeployments.Deployment], slo: LatencySLO,
                         settings: CapacitySearchSettings = CapacitySearchSettings(), gpuHourUSD: Double? = nil,
                         memory: MemoryBudget = .unknown,
                         log: @escaping @Sendable (String) -> Void = { _ in }) throws -> [CapacityResult] {
    let settings = try settings.validated()
    let peaks = try deployments.map { try memory.checkCapacityProbe($0, settings: settings, concurrency: false).totalBytes }
    let draws = ProbeDrawsCache()
    let outcomes = ParallelMap.map(Array(zip(deployments, peaks)), memory: memory, jobBytes: \.1) { d, _ in
      Result { try capacity(of: d, slo: slo, settings: settings, gpuHourUSD: gpuHourUSD, draws: draws, log: log) }
    }
    return try outcomes.map { try $0.get() }
  }

  /// The search for one deployment, starting at the analytic saturation estimate. `draws`: shared
  /// by the searches of one workload (same results with a fresh cache).
  public static func capacity(of d: PlanningDeployments.Deployment, slo: LatencySLO, settings: CapacitySearchSettings,
                              gpuHourUSD: Double? = nil, draws cache: ProbeDrawsCache = ProbeDrawsCache(),
                              log: @Sendable (String) -> Void = { _ in }) throws -> CapacityResult {
    let start = startRate(plan: d.plan)
    let draws = cache.draws(of: d.plan, startRate: start, settings: settings)
    let search = try CapacitySearch(settings: settings).run(startRate: start) { rate in
      let plan = try d.plan.probing(rate: rate, requests: settings.requests(atRate: rate))
      let m = try ProbeMeasurement.measure(plan, slo: slo, minimumKeepUpRatio: settings.minimumKeepUpRatio, stopWhenCertain: true,
                                           draws: draws)
      log("\(d.split) \(d.kind.rawValue): \(String(format: "%.2f", rate)) req/s → "
        + (m.passed ? "meets" : "fails: " + m.failures.joined(separator: ", ")))
      return (m.passed, m)
    }
    return CapacityResult(split: d.split, plan: d.plan, gpuHourUSD: gpuHourUSD,
                          probes: search.probes.map { ($0.rate, $0.outcome) })
  }

  /// Where the search of `plan` starts: the analytic saturation estimate (the interactive
  /// planner starts there too, so both find the same capacity).
  public static func startRate(plan: RunPlan) -> Double {
    SaturationEstimate.requestsPerSecond(plan: plan)
  }

  /// Index of the best result — the one rule of `blis capacity`, the planner's answer bar and its
  /// splits view:
  /// 1. A split's capacity is its most conservative credible estimate: the lowest max rate among
  ///    its rows (one per step-time model) that are not flagged (`warnings`); flagged rows count
  ///    only when every row of the split is flagged. A row with no capacity makes the split's nil.
  /// 2. The best split has the highest capacity per GPU (clients per GPU for a concurrency search); ties → lower ITL p99 at capacity, then
  ///    the earlier row.
  /// Returns the index of the row that gave the best split its capacity; nil when no split has one.
  public static func best(_ results: [CapacityResult]) -> Int? {
    let scored = conservativeRows(results).values.map { i in
      (i, (results[i].capacity ?? 0) / Double(results[i].split.gpuCount),
       results[i].atMaxRate?.report.cluster.itl.p99Ms ?? .infinity)
    }
    return scored.min { a, b in a.1 != b.1 ? a.1 > b.1 : (a.2 != b.2 ? a.2 < b.2 : a.0 < b.0) }?.0
  }

  /// Per split, the index of the row that gives it its capacity under `best`'s rule 1 (the lowest
  /// max rate among its unflagged rows; flagged rows only when all are); splits where a
  /// considered row has no capacity are left out.
  public static func conservativeRows(_ results: [CapacityResult]) -> [GPUSplit: Int] {
    var bySplit: [GPUSplit: [Int]] = [:]
    for i in results.indices { bySplit[results[i].split, default: []].append(i) }
    return bySplit.compactMapValues { rows -> Int? in
      let credible = rows.filter { results[$0].warnings.isEmpty }
      let considered = credible.isEmpty ? rows : credible
      guard considered.allSatisfy({ results[$0].capacity != nil }) else { return nil }
      return considered.min { a, b in
        let (ra, rb) = (results[a].capacity ?? 0, results[b].capacity ?? 0)
        return ra != rb ? ra < rb : a < b
      }
    }
  }
}
