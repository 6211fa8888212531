import BLISSim
import Foundation

/// The human summary `blis run` prints on stdout: the header (deployment, latency model and its
/// inputs, workload, engine), then a latency table and a throughput/KV table, each with one row
/// per instance (when there are several) and a cluster row. Fits in 100 columns for ordinary
/// values; byte-identical for identical runs.
enum RunSummary {
  /// Paths under `directory` (the current folder) are shown relative to it.
  static func render(plan: RunPlan, report: RunReport, relativeTo directory: URL? = nil) -> String {
    var text = RunHeader.deployment(plan)
    text += RunHeader.latency(plan.deployment)
    text += RunHeader.workloadAndEngine(plan)
    text = RunHeader.relativizing(text, to: directory)
    text += "simulated: \(NumberFormat.seconds(report.simulatedSeconds))\n\n"
    let rows = self.rows(report)
    text += latencyTable(rows).render()
    text += "\n"
    text += throughputTable(rows).render()
    if let w = report.arrivalWindow {
      text += "req/s, out tok/s: over the 2nd half of the arrivals (\(NumberFormat.seconds(w.startSeconds)) to "
        + "\(NumberFormat.seconds(w.endSeconds)); keep-up \(NumberFormat.percent(w.keepUpRatio))).\n"
    }
    text += "completed = completed/injected requests; dropped/rej = dropped as unservable / rejected (too long,\n"
      + "admission)."
    text += report.instances.count > 1
      ? " Cluster KV per instance: peak = busiest, avg = average instance.\n" : "\n"
    return text
  }

  /// (label, summary) pairs: each instance when there are several, then the cluster.
  static func rows(_ report: RunReport) -> [(String, MetricsSummary)] {
    let instances = report.instances.count > 1
      ? report.instances.enumerated().map { ("instance \($0.offset)", $0.element) } : []
    return instances + [("cluster", report.cluster)]
  }

  static func latencyTable(_ rows: [(String, MetricsSummary)]) -> TextTable {
    let stats = ["mean", "p50", "p90", "p99"]
    var table = TextTable(headers: ["latency, ms"] + stats + stats + stats,
                          groups: [.init(title: "TTFT", span: 4), .init(title: "ITL", span: 4), .init(title: "E2E", span: 4)])
    for (label, s) in rows {
      table.add([label] + [s.ttft, s.itl, s.e2e].flatMap { l in [l.meanMs, l.p50Ms, l.p90Ms, l.p99Ms].map(NumberFormat.ms) })
    }
    return table
  }

  static func throughputTable(_ rows: [(String, MetricsSummary)]) -> TextTable {
    var table = TextTable(headers: ["", "completed", "req/s", "out tok/s", "KV peak", "KV avg", "preempt",
                                    "prefix hit", "dropped/rej"])
    for (label, s) in rows {
      let isCluster = label == "cluster"
      let blocks = Double(max(1, s.kv.totalBlocks))
      let peak = "\(s.kv.peakUsedBlocks) (\(NumberFormat.percent(Double(s.kv.peakUsedBlocks) / blocks)))"
      let avg = "\(Int(s.kv.meanUsedBlocks.rounded())) (\(NumberFormat.percent(s.kv.meanUsedBlocks / blocks)))"
      let rejected = s.rejectedTooLong + s.rejectedByAdmission
      table.add([label, "\(s.completedRequests)/\(s.injectedRequests + (isCluster ? s.rejectedByAdmission : 0))",
                 NumberFormat.rate(s.requestsPerSecond), NumberFormat.rate(s.outputTokensPerSecond), peak, avg,
                 "\(s.kv.preemptions)", NumberFormat.percent(s.kv.prefixHitRate), "\(s.droppedUnservable)/\(rejected)"])
    }
    return table
  }
}
