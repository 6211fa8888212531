// The engine as it was before the O(1)-per-step rewrite, kept verbatim (types renamed Reference…)
// as the oracle of the differential test (DifferentialEngineTests): the optimised engine must give
// byte-identical reports and request records. Do not optimise or "fix" this copy: change it only
// when the engine's intended behaviour changes, in the same commit.
@testable import BLISSim
extension ReferenceSimulation {
  /// Metrics over everything finished so far (the final report once `isFinished`).
  ///
  /// Latency distributions cover completed requests; ITL pools every inter-token gap.
  /// Throughputs divide by the simulated time `clock`.
  func report() -> RunReport {
    let seconds = clock.seconds
    var rows: [MetricsSummary] = []
    var merged = InstanceMetrics()
    var cluster = MetricsSummary(id: "cluster")
    var queriedBlocks = 0
    var hitBlocks = 0
    for inst in instances {
      rows.append(summary(of: inst, metrics: inst.metrics, seconds: seconds))
      merged.merge(inst.metrics)
      cluster.stillQueued += inst.queueDepth
      cluster.stillRunning += inst.running.count
      cluster.kv.totalBlocks += inst.kv.totalBlocks
      cluster.kv.peakUsedBlocks = max(cluster.kv.peakUsedBlocks, inst.kv.peakUsedBlocks)
      cluster.kv.meanUsedBlocks += inst.kv.meanUsedBlocks(at: clock)
      queriedBlocks += inst.kv.queriedPromptBlocks
      hitBlocks += inst.kv.hitPromptBlocks
    }
    // The cluster's KV per instance, as the engine reports it (a reporting convention, not engine behaviour).
    cluster.kv.totalBlocks = instances.first?.kv.totalBlocks ?? 0
    cluster.kv.meanUsedBlocks /= Double(max(1, instances.count))
    fill(&cluster, from: merged, seconds: seconds)
    cluster.kv.prefixHitRate = queriedBlocks == 0 ? 0 : Double(hitBlocks) / Double(queriedBlocks)
    cluster.kv.preemptions = merged.preemptions
    cluster.rejectedByAdmission = rejectedByAdmission
    // Requests still in the gateway (admission / routing latency) count as queued.
    cluster.stillQueued += awaitingAdmission.count + awaitingRouting.count
    cluster.injectedRequests = cluster.completedRequests + cluster.stillQueued + cluster.stillRunning
      + cluster.droppedUnservable + cluster.rejectedTooLong
    return RunReport(latencyModel: latencyModel.summary, servingProfile: configuration.serving.profileName,
                     seed: configuration.seed, simulatedSeconds: seconds, cluster: cluster, instances: rows)
  }

  private func summary(of inst: ReferenceInstance, metrics m: InstanceMetrics, seconds: Double) -> MetricsSummary {
    var s = MetricsSummary(id: "instance_\(inst.index)")
    s.stillQueued = inst.queueDepth
    s.stillRunning = inst.running.count
    fill(&s, from: m, seconds: seconds)
    s.injectedRequests = s.completedRequests + s.stillQueued + s.stillRunning + s.droppedUnservable + s.rejectedTooLong
    s.kv = KVStats(totalBlocks: inst.kv.totalBlocks, peakUsedBlocks: inst.kv.peakUsedBlocks,
                   meanUsedBlocks: inst.kv.meanUsedBlocks(at: clock), prefixHitRate: inst.kv.prefixHitRate,
                   preemptions: m.preemptions)
    return s
  }

  private func fill(_ s: inout MetricsSummary, from m: InstanceMetrics, seconds: Double) {
    s.completedRequests = m.completed
    s.droppedUnservable = m.droppedUnservable
    s.rejectedTooLong = m.rejectedTooLong
    s.lengthCappedRequests = m.lengthCapped
    s.inputTokens = m.inputTokens
    s.outputTokens = m.outputTokens
    s.cachedPromptTokens = m.cachedPromptTokens
    s.durationSeconds = seconds
    if seconds > 0 {
      s.requestsPerSecond = Double(m.completed) / seconds
      s.inputTokensPerSecond = Double(m.inputTokens) / seconds
      s.outputTokensPerSecond = Double(m.outputTokens) / seconds
    }
    s.ttft = m.ttft.stats
    s.itl = m.itl.stats
    s.tpot = m.tpot.stats
    s.e2e = m.e2e.stats
    s.schedulingDelay = m.schedulingDelay.stats
    s.steps = m.steps
    s.meanBatchSize = m.steps == 0 ? 0 : Double(m.scheduledRequestSteps) / Double(m.steps)
  }

  /// A `Sendable` picture of the run now: per-instance state, KV history, and the report so far.
  func snapshot() -> SimulationSnapshot {
    let progress = instances.map { inst in
      InstanceProgress(index: inst.index, queueDepth: inst.queueDepth, runningRequests: inst.running.count,
                       kvUsedBlocks: inst.kv.usedBlocks, kvTotalBlocks: inst.kv.totalBlocks,
                       kvPeakUsedBlocks: inst.kv.peakUsedBlocks, kvMeanUsedBlocks: inst.kv.meanUsedBlocks(at: clock),
                       kvUtilizationHistory: kvHistory[inst.index], completed: inst.metrics.completed,
                       preemptions: inst.metrics.preemptions)
    }
    let completed = instances.reduce(0) { $0 + $1.metrics.completed }
    return SimulationSnapshot(clock: clock, totalRequests: workload.expectedRequestCount, injected: arrivedRequests,
                              completed: completed, isFinished: isFinished, instances: progress, report: report())
  }
}
