import BLISSim

/// Whether a latency is within its objective, close to it, or over it.
enum SLOState: Sendable, Hashable {
  case within, close, violated

  init(valueMs: Double, limitMs: Double) {
    if !valueMs.isFinite || valueMs > limitMs { self = .violated }
    else if valueMs >= limitMs * ServiceLevelObjective.closeFraction { self = .close }
    else { self = .within }
  }

  var style: Style {
    switch self {
    case .within: .good
    case .close: .warn
    case .violated: .bad
    }
  }

  /// The worse of two states.
  func worse(_ other: SLOState) -> SLOState {
    let rank: (SLOState) -> Int = { $0 == .within ? 0 : $0 == .close ? 1 : 2 }
    return rank(self) >= rank(other) ? self : other
  }
}

/// What one results column shows, derived from a `SimulationSnapshot` (the engine's own value).
struct ColumnMetrics: Sendable {
  var ttft: LatencyStats
  var itl: LatencyStats
  var e2e: LatencyStats
  var requestsPerSecond: Double
  var outputTokensPerSecond: Double
  var outputTokensPerSecondPerGPU: Double
  var completed: Int
  /// Total requests to simulate, if the workload is bounded by a count.
  var total: Int?
  var simulatedSeconds: Double
  var isFinished: Bool
  var preemptions: Int
  var prefixHitRate: Double
  var instances: [InstanceProgress]

  init(snapshot: SimulationSnapshot, gpuCount: Int) {
    let cluster = snapshot.report.cluster
    ttft = cluster.ttft
    itl = cluster.itl
    e2e = cluster.e2e
    requestsPerSecond = cluster.requestsPerSecond
    outputTokensPerSecond = cluster.outputTokensPerSecond
    outputTokensPerSecondPerGPU = gpuCount > 0 ? cluster.outputTokensPerSecond / Double(gpuCount) : 0
    completed = snapshot.completed
    total = snapshot.totalRequests
    simulatedSeconds = snapshot.clock.seconds
    isFinished = snapshot.isFinished
    preemptions = max(cluster.kv.preemptions, snapshot.instances.reduce(0) { $0 + $1.preemptions })
    prefixHitRate = cluster.kv.prefixHitRate
    instances = snapshot.instances
  }

  /// Fraction of the workload completed (0 when the total is unknown).
  var progress: Double {
    guard let total, total > 0 else { return isFinished ? 1 : 0 }
    return Double(completed) / Double(total)
  }

  /// The TTFT-p99 and ITL-p99 verdicts combined, or nil before anything completed.
  func sloState(_ slo: ServiceLevelObjective) -> SLOState? {
    guard ttft.count > 0 else { return nil }
    let ttftState = SLOState(valueMs: ttft.p99Ms, limitMs: slo.ttftP99Ms)
    guard itl.count > 0 else { return ttftState }
    return ttftState.worse(SLOState(valueMs: itl.p99Ms, limitMs: slo.itlP99Ms))
  }
}
