import BLISSim
import Foundation

/// The human output of `blis compare`: the shared header, each model's inputs, then one table
/// with a roofline column, a blackbox column and the blackbox's difference relative to roofline.
enum CompareSummary {
  static func render(roofline: (plan: RunPlan, report: RunReport), blackbox: (plan: RunPlan, report: RunReport)?,
                     blackboxError: String?, relativeTo directory: URL? = nil) -> String {
    var text = RunHeader.deployment(roofline.plan)
    text += RunHeader.latency(roofline.plan.deployment, title: "roofline inputs:")
    if let blackbox {
      text += RunHeader.latency(blackbox.plan.deployment, title: "blackbox inputs:")
    } else {
      var reason = blackboxError ?? "no coefficients"
      if reason.hasPrefix("blackbox: ") { reason.removeFirst("blackbox: ".count) }
      text += RunHeader.wrap("blackbox inputs: ", ["unavailable —"] + reason.split(separator: " ").map(String.init),
                             separator: " ", width: 100)
    }
    text += RunHeader.workloadAndEngine(roofline.plan)
    text = RunHeader.relativizing(text, to: directory) + "\n"

    var table = TextTable(headers: ["cluster", "roofline", "blackbox", "difference"])
    let r = roofline.report.cluster
    let b = blackbox?.report.cluster
    func add(_ label: String, _ value: (MetricsSummary) -> Double, _ format: (Double) -> String) {
      let rv = value(r)
      let bv = b.map(value)
      table.add([label, format(rv), bv.map(format) ?? "n/a", bv.map { NumberFormat.relativeDifference(rv, $0) } ?? ""])
    }
    for (name, stats) in [("TTFT", \MetricsSummary.ttft), ("ITL", \MetricsSummary.itl), ("E2E", \MetricsSummary.e2e)] {
      add("\(name) mean, ms", { $0[keyPath: stats].meanMs }, NumberFormat.ms)
      add("\(name) p50, ms", { $0[keyPath: stats].p50Ms }, NumberFormat.ms)
      add("\(name) p90, ms", { $0[keyPath: stats].p90Ms }, NumberFormat.ms)
      add("\(name) p99, ms", { $0[keyPath: stats].p99Ms }, NumberFormat.ms)
    }
    add("completed", { Double($0.completedRequests) }, { String(Int($0)) })
    add("throughput, req/s", \.requestsPerSecond, NumberFormat.rate)
    add("output tok/s", \.outputTokensPerSecond, NumberFormat.rate)
    add("KV peak, blocks", { Double($0.kv.peakUsedBlocks) }, { String(Int($0)) })
    add("preemptions", { Double($0.kv.preemptions) }, { String(Int($0)) })
    add("simulated, s", \.durationSeconds, { String(format: "%.3f", $0) })
    text += table.render()
    text += "difference = (blackbox − roofline) / roofline\n"
    return text
  }
}
