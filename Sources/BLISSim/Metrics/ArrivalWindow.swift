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

/// Counts `ArrivalWindowStats` from request records as they leave the system. For an open loop
/// the window is known before the run (from the workload's last arrival, `Workload.lastArrival`)
/// and counting takes O(1) memory. A closed loop's arrivals are decided by its clients during the
/// run, so its counter keeps one compact entry per request and finds the window when read.
public struct ArrivalWindowCounter: RequestRecordSink, Sendable {
  /// Per-request limits for `goodRequests` (empty = every completed request is good).
  public let slo: LatencySLO
  private var known: ArrivalWindowStats
  /// Per instance, by index (an array: this is updated for every request).
  private var knownInstances: [ArrivalWindowStats?] = []
  /// Entries of a counter whose window is found at the end (closed loops); nil when known.
  private var deferred: [Entry]?

  /// What the window needs of one request record.
  private struct Entry: Sendable {
    var arrivalSeconds: Double
    var startSeconds: Double
    var inputTokens: Int32
    var outputTokens: Int32
    var instance: Int32
    var completed: Bool
    var servable: Bool
    /// Met the SLO (only evaluated when it can count: see `record`).
    var good = false

    @inline(__always)
    init(_ r: RequestRecord) {
      arrivalSeconds = r.arrivalSeconds
      startSeconds = r.arrivalSeconds + Double(r.schedulingDelayMicros) / 1e6
      inputTokens = Int32(clamping: r.inputTokens)
      outputTokens = Int32(clamping: r.outputTokens)
      instance = Int32(clamping: r.instance)
      completed = r.outcome == .completed
      servable = r.outcome == .completed || r.outcome == .rejectedByAdmission
    }

    func arrived(in w: ArrivalWindowStats) -> Bool { servable && arrivalSeconds >= w.startSeconds }
    func started(in w: ArrivalWindowStats) -> Bool {
      completed && startSeconds >= w.startSeconds && startSeconds <= w.endSeconds
    }
  }

  /// - Parameter lastArrivalSeconds: T, the last arrival of the run.
  public init(lastArrivalSeconds: Double, slo: LatencySLO = LatencySLO()) {
    known = ArrivalWindowStats(startSeconds: lastArrivalSeconds / 2, endSeconds: lastArrivalSeconds)
    self.slo = slo
  }

  /// The window of `plan`'s run: for an open loop its last arrival (from `arrivals` when the
  /// caller already has them, else found by generating the workload once); for a closed loop,
  /// found from the records when read.
  public init(plan: RunPlan, slo: LatencySLO = LatencySLO(), arrivals: WorkloadArrivalSummary? = nil) {
    if plan.workload.closedLoop != nil {
      self.init(lastArrivalSeconds: 0, slo: slo)
      deferred = []
    } else {
      let summary = arrivals ?? WorkloadArrivalSummary(plan.workload, seed: plan.engine.seed, horizon: plan.engine.horizon)
      self.init(lastArrivalSeconds: summary.lastArrivalSeconds, slo: slo)
    }
  }

  /// The cluster's window.
  public var stats: ArrivalWindowStats { deferred == nil ? known : replayed().cluster }
  /// Each instance's window (by instance index; requests never routed are in the cluster's only).
  public var instances: [Int: ArrivalWindowStats] {
    let list = deferred == nil ? knownInstances : replayed().instances
    var byIndex: [Int: ArrivalWindowStats] = [:]
    for (i, stats) in list.enumerated() { if let stats { byIndex[i] = stats } }
    return byIndex
  }

  public mutating func record(_ r: RequestRecord) {
    var entry = Entry(r)
    if deferred != nil {
      entry.good = slo.isMet(by: r)
      deferred!.append(entry)
    } else {
      if entry.started(in: known) { entry.good = slo.isMet(by: r) }   // the SLO check costs more than the rest
      Self.count(entry, into: &known, instances: &knownInstances)
    }
  }

  private func replayed() -> (cluster: ArrivalWindowStats, instances: [ArrivalWindowStats?]) {
    let entries = deferred ?? []
    let last = entries.reduce(0.0) { max($0, $1.arrivalSeconds) }
    var cluster = ArrivalWindowStats(startSeconds: last / 2, endSeconds: last)
    var perInstance: [ArrivalWindowStats?] = []
    for e in entries { Self.count(e, into: &cluster, instances: &perInstance) }
    return (cluster, perInstance)
  }

  /// Counts `e` in the cluster's window and its instance's (the same window). Most records of
  /// the first half of a run count in neither: they only make their instance known.
  @inline(__always)
  private static func count(_ e: Entry, into cluster: inout ArrivalWindowStats, instances: inout [ArrivalWindowStats?]) {
    let arrived = e.arrived(in: cluster), started = e.started(in: cluster)
    if e.instance >= 0 {
      let i = Int(e.instance)
      if i >= instances.count || instances[i] == nil { makeKnown(i, in: &instances, window: cluster) }
      if arrived || started { count(e, arrived: arrived, started: started, into: &instances[i]!) }
    }
    if arrived || started { count(e, arrived: arrived, started: started, into: &cluster) }
  }

  private static func makeKnown(_ i: Int, in instances: inout [ArrivalWindowStats?], window: ArrivalWindowStats) {
    if i >= instances.count { instances.append(contentsOf: repeatElement(nil, count: i + 1 - instances.count)) }
    instances[i] = ArrivalWindowStats(startSeconds: window.startSeconds, endSeconds: window.endSeconds)
  }

  @inline(__always)
  private static func count(_ e: Entry, arrived: Bool, started: Bool, into stats: inout ArrivalWindowStats) {
    if arrived { stats.arrivedRequests += 1 }
    guard started else { return }
    stats.startedRequests += 1
    stats.inputTokens += Int(e.inputTokens)
    stats.outputTokens += Int(e.outputTokens)
    if e.good { stats.goodRequests += 1 }
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

/// What one pass over a workload's requests tells before a run: its last arrival (the
/// measurement window) and an upper bound of its inter-token gaps (the early stop's ITL bound).
/// O(requests) time, O(1) memory: generating requests is not free (~0.3 µs each), so a probe
/// makes this pass once and shares it.
public struct WorkloadArrivalSummary: Sendable, Hashable {
  /// Arrival of the last request, seconds (0 for an empty workload).
  public var lastArrivalSeconds: Double
  /// Σ (output tokens − 1) over the requests.
  public var outputGaps: Int

  /// Arrivals after `horizon` are not counted. `seed`: the one the simulation uses when the
  /// workload has none (the engine's).
  public init(_ workload: Workload, seed: UInt64, horizon: SimTime? = nil) {
    var unkept: [WorkloadRequest]?
    self.init(workload, seed: seed, horizon: horizon, keepingUpTo: 0, kept: &unkept)
  }

  /// The same pass, also keeping the requests in `kept` when there are at most `limit` of them
  /// (nil otherwise): a caller that runs the workload next can replay them instead of generating
  /// them again (`Simulation.replayWorkload`). `draws`: see `WorkloadGenerator`.
  init(_ workload: Workload, seed: UInt64, horizon: SimTime?, keepingUpTo limit: Int, kept: inout [WorkloadRequest]?,
       draws: WorkloadDraws? = nil) {
    var generator = WorkloadGenerator(workload, seed: workload.seed ?? seed, draws: draws)
    var last = 0.0, gaps = 0
    var requests: [WorkloadRequest]? = limit > 0 ? [] : nil
    if let expected = workload.expectedRequestCount, expected <= limit { requests?.reserveCapacity(expected) }
    while let request = generator.next() {
      if let horizon, request.arrival > horizon { break }
      last = request.arrival.seconds
      gaps += max(0, request.outputTokens - 1)
      if requests != nil {
        if requests!.count < limit { requests!.append(request) } else { requests = nil }
      }
    }
    lastArrivalSeconds = last
    outputGaps = gaps
    kept = requests
  }
}

extension Workload {
  /// The arrival time of the last request, seconds (`WorkloadArrivalSummary`).
  public func lastArrivalSeconds(seed: UInt64, horizon: SimTime? = nil) -> Double {
    WorkloadArrivalSummary(self, seed: seed, horizon: horizon).lastArrivalSeconds
  }
}
