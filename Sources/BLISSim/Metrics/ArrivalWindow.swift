/// Throughput and keep-up of a run over its **measurement window**: the second half of the
/// arrival period, [T/2, T] with T the last arrival, so neither the empty system at the start
/// nor the drain after the last arrival is counted.
///
/// Requests are counted when they *start* (enter the running batch: arrival + scheduling delay),
/// not when they finish: a finish-time count in a window shorter than the longest generations
/// would under-count a stable system. In steady state the requests started per second equal the
/// requests finished per second; an overloaded system starts requests only as fast as batch
/// slots and KV blocks free up, i.e. at its service rate. `ProbeMeasurement` (the capacity
/// search's verdict), `blis run`'s req/s and the planner's "served" all use this window.
public struct ArrivalWindowStats: Sendable, Hashable, Codable {
  public var startSeconds: Double
  public var endSeconds: Double
  /// Requests that arrived in the window and could be served at all (not dropped as too long or
  /// never fitting the KV cache; admission rejections count, as they depend on load).
  public var arrivedRequests: Int
  /// Requests that started in the window and completed.
  public var startedRequests: Int
  /// Prompt and output tokens of the started requests.
  public var inputTokens: Int
  public var outputTokens: Int
  /// Started requests that met every per-request SLO limit (`LatencySLO.isMet(by:)`).
  public var goodRequests: Int

  public init(startSeconds: Double, endSeconds: Double, arrivedRequests: Int = 0, startedRequests: Int = 0,
              inputTokens: Int = 0, outputTokens: Int = 0, goodRequests: Int = 0) {
    self.startSeconds = startSeconds; self.endSeconds = endSeconds; self.arrivedRequests = arrivedRequests
    self.startedRequests = startedRequests; self.inputTokens = inputTokens; self.outputTokens = outputTokens
    self.goodRequests = goodRequests
  }

  public var seconds: Double { endSeconds - startSeconds }

  /// Started ÷ arrived; 1 when there is no window (one request, or all at once).
  public var keepUpRatio: Double {
    arrivedRequests == 0 || seconds <= 0 ? 1 : Double(startedRequests) / Double(arrivedRequests)
  }

  private func perSecond(_ count: Int) -> Double { seconds > 0 ? Double(count) / seconds : 0 }
  /// Servable arrivals per second in the window (the offered load actually drawn).
  public var offeredRequestsPerSecond: Double { perSecond(arrivedRequests) }
  /// Requests started (and later completed) per second: the served throughput.
  public var servedRequestsPerSecond: Double { perSecond(startedRequests) }
  public var inputTokensPerSecond: Double { perSecond(inputTokens) }
  public var outputTokensPerSecond: Double { perSecond(outputTokens) }
  public var goodputRequestsPerSecond: Double { perSecond(goodRequests) }

  enum CodingKeys: String, CodingKey {
    case startSeconds = "start_s", endSeconds = "end_s", arrivedRequests = "arrived_requests"
    case startedRequests = "started_requests", inputTokens = "input_tokens", outputTokens = "output_tokens"
    case goodRequests = "good_requests"
  }
}

/// Counts `ArrivalWindowStats` from request records as they leave the system, in O(1) memory:
/// the window is known before the run (from the workload's last arrival, `Workload.lastArrival`).
public struct ArrivalWindowCounter: RequestRecordSink, Sendable {
  /// The cluster's window.
  public private(set) var stats: ArrivalWindowStats
  /// Each instance's window (by instance index; requests never routed are in the cluster's only).
  public private(set) var instances: [Int: ArrivalWindowStats] = [:]
  /// Per-request limits for `goodRequests` (empty = every completed request is good).
  public let slo: LatencySLO

  /// - Parameter lastArrivalSeconds: T, the last arrival of the run.
  public init(lastArrivalSeconds: Double, slo: LatencySLO = LatencySLO()) {
    stats = ArrivalWindowStats(startSeconds: lastArrivalSeconds / 2, endSeconds: lastArrivalSeconds)
    self.slo = slo
  }

  /// The window of `plan`'s run (its last arrival found by generating the workload once).
  public init(plan: RunPlan, slo: LatencySLO = LatencySLO()) {
    self.init(lastArrivalSeconds: plan.workload.lastArrivalSeconds(seed: plan.engine.seed, horizon: plan.engine.horizon), slo: slo)
  }

  public mutating func record(_ r: RequestRecord) {
    Self.count(r, into: &stats, slo: slo)
    if r.instance >= 0 {
      var own = instances[r.instance] ?? ArrivalWindowStats(startSeconds: stats.startSeconds, endSeconds: stats.endSeconds)
      Self.count(r, into: &own, slo: slo)
      instances[r.instance] = own
    }
  }

  private static func count(_ r: RequestRecord, into stats: inout ArrivalWindowStats, slo: LatencySLO) {
    let completed = r.outcome == .completed
    let servable = completed || r.outcome == .rejectedByAdmission
    if servable && r.arrivalSeconds >= stats.startSeconds { stats.arrivedRequests += 1 }
    let start = r.arrivalSeconds + Double(r.schedulingDelayMicros) / 1e6
    guard completed, start >= stats.startSeconds, start <= stats.endSeconds else { return }
    stats.startedRequests += 1
    stats.inputTokens += r.inputTokens
    stats.outputTokens += r.outputTokens
    if slo.isMet(by: r) { stats.goodRequests += 1 }
  }
}

extension RunReport {
  /// The report with its throughputs (req/s, input and output tok/s — cluster and per instance)
  /// measured over the arrival window instead of the whole simulated time, and the window
  /// attached: the drain after the last arrival no longer dilutes them. `blis run`, `compare` and
  /// `sweep` report this.
  public func measuredOverArrivals(_ window: ArrivalWindowCounter) -> RunReport {
    var copy = self
    func apply(_ w: ArrivalWindowStats, to s: inout MetricsSummary) {
      s.requestsPerSecond = w.servedRequestsPerSecond
      s.inputTokensPerSecond = w.inputTokensPerSecond
      s.outputTokensPerSecond = w.outputTokensPerSecond
    }
    apply(window.stats, to: &copy.cluster)
    for i in copy.instances.indices {
      apply(window.instances[i] ?? ArrivalWindowStats(startSeconds: window.stats.startSeconds, endSeconds: window.stats.endSeconds),
            to: &copy.instances[i])
    }
    copy.arrivalWindow = window.stats
    return copy
  }
}

extension Workload {
  /// The arrival time of the last request, seconds (0 for an empty workload), found by generating
  /// the arrivals once — O(requests) time, O(1) memory. Arrivals after `horizon` are not counted.
  /// - Parameter seed: the seed the simulation uses when the workload has none (the engine's).
  public func lastArrivalSeconds(seed: UInt64, horizon: SimTime? = nil) -> Double {
    var generator = WorkloadGenerator(self, seed: self.seed ?? seed)
    var last = 0.0
    while let request = generator.next() {
      if let horizon, request.arrival > horizon { break }
      last = request.arrival.seconds
    }
    return last
  }
}
