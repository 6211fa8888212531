import BLISSim

/// What one results column shows, derived from a run's progress (the engine's snapshot and,
/// once finished, the library's measurement).
struct ColumnMetrics: Sendable {
  var ttft: LatencyStats
  var itl: LatencyStats
  var e2e: LatencyStats
  /// Over the measurement window once finished (`ArrivalWindowStats`); nil before.
  var offeredRequestsPerSecond: Double?
  var servedRequestsPerSecond: Double?
  var keepUpRatio: Double?
  /// Over the measurement window once finished; over the simulated time so far before.
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
  var measurement: ProbeMeasurement?

  init(progress: RunProgress, gpuCount: Int) {
    let snapshot = progress.snapshot
    let cluster = snapshot.report.cluster
    ttft = cluster.ttft
    itl = cluster.itl
    e2e = cluster.e2e
    measurement = progress.measurement
    if let m = progress.measurement {
      servedRequestsPerSecond = m.throughputRequestsPerSecond
      keepUpRatio = m.keepUpRatio
      offeredRequestsPerSecond = m.offeredRequestsPerSecond
      outputTokensPerSecond = m.outputTokensPerSecond
    } else {
      outputTokensPerSecond = cluster.outputTokensPerSecond
    }
    outputTokensPerSecondPerGPU = gpuCount > 0 ? outputTokensPerSecond / Double(gpuCount) : 0
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

  /// The TTFT-p99 and ITL-p99 states combined, or nil before anything completed.
  func sloState(_ slo: LatencySLO) -> SLOState? {
    guard ttft.count > 0 else { return nil }
    let ttftState = SLOState(valueMs: ttft.p99Ms, limitMs: slo.ttftP99Ms)
    guard itl.count > 0 else { return ttftState }
    return ttftState.worse(SLOState(valueMs: itl.p99Ms, limitMs: slo.itlP99Ms))
  }
}
