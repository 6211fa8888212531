import BLISSim
import Foundation

/// The exported summary of the current results: Markdown for people, JSON for tools. Pure: built
/// from the state and a timestamp; `ExportWriter` puts it on disk.
struct ExportDocument: Sendable {
  /// File name without extension, e.g. `blis-plan-20261126-221530`.
  var baseName: String
  var markdown: String
  var json: String

  /// One run in the JSON file.
  struct RunEntry: Codable, Sendable {
    var view: String
    var latencyModel: LatencyKind
    var tensorParallelism: Int
    var instances: Int
    var finished: Bool
    var unavailableReason: String?
    var report: RunReport?
    /// Splits only: the highest rate found within the SLO (nil if the search has not found one yet).
    var maxRateUnderSLO: Double?
    var maxRateSearchFinished: Bool?

    enum CodingKeys: String, CodingKey {
      case view, latencyModel = "latency_model", tensorParallelism = "tensor_parallelism", instances, finished
      case unavailableReason = "unavailable_reason", report
      case maxRateUnderSLO = "max_rate_under_slo_requests_per_s", maxRateSearchFinished = "max_rate_search_finished"
    }
  }

  struct Payload: Codable, Sendable {
    var generatedAt: String
    var scenario: Scenario
    var problems: [String]
    var bestSplit: String?
    var runs: [RunEntry]

    enum CodingKeys: String, CodingKey {
      case generatedAt = "generated_at", scenario, problems, bestSplit = "best_split", runs
    }
  }

  /// Builds the document. `timestamp` is UTC `yyyyMMdd-HHmmss`, `isoTime` the same instant in ISO 8601.
  init(state: AppState, timestamp: String, isoTime: String) {
    baseName = "blis-plan-\(timestamp)"
    let rows = state.view == .splits ? SplitPlan.rows(state: state) : []
    let best = SplitPlan.best(rows, slo: state.draft.slo)
    let entries = Self.entries(state)
    let payload = Payload(generatedAt: isoTime, scenario: state.draft, problems: state.problems,
                          bestSplit: best?.label, runs: entries)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    json = (try? encoder.encode(payload)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    markdown = Self.markdown(state: state, isoTime: isoTime, rows: rows, best: best)
  }

  /// Runs in a stable order: dashboard columns first, then splits by TP, roofline before blackbox.
  private static func entries(_ state: AppState) -> [RunEntry] {
    var keys = LatencyKind.allCases.map { RunKey.dashboard($0) }
    if state.view == .splits {
      for split in SplitPlan.splits(gpuBudget: state.gpuBudget) {
        keys += LatencyKind.allCases.map { .split(tensorParallelism: split.tensorParallelism, instances: split.instances, $0) }
      }
    }
    return keys.compactMap { key in
      guard let outcome = state.outcomes[key] else { return nil }
      let (view, tp, instances): (String, Int, Int)
      switch key {
      case .dashboard: (view, tp, instances) = ("dashboard", state.draft.tensorParallelism, state.draft.instances)
      case .split(let t, let n, _), .capacity(let t, let n, _): (view, tp, instances) = ("split", t, n)
      }
      var entry = RunEntry(view: view, latencyModel: key.latency, tensorParallelism: tp, instances: instances,
                           finished: false, unavailableReason: nil, report: nil)
      if view == "split", let search = state.outcomes[.capacity(tensorParallelism: tp, instances: instances, key.latency)]?.capacity {
        entry.maxRateUnderSLO = search.highestPassingRate
        entry.maxRateSearchFinished = search.isFinished
      }
      switch outcome {
      case .pending, .capacity: break
      case .running(let snapshot): entry.report = snapshot.report; entry.finished = snapshot.isFinished
      case .unavailable(let reason): entry.unavailableReason = reason; entry.finished = true
      }
      return entry
    }
  }

  private static func markdown(state: AppState, isoTime: String, rows: [SplitPlan.Row], best: Split?) -> String {
    let s = state.draft
    var out = "# BLIS capacity plan\n\n"
    out += "Generated \(isoTime) by `blis tui`.\n\n"
    out += "| Setting | Value |\n|---|---|\n"
    out += "| Model | `\(s.model)` |\n| GPU | \(s.hardware) |\n| TP × instances | \(s.tensorParallelism) × \(s.instances) (\(s.gpuCount) GPUs) |\n"
    out += "| Rate | \(NumberFormat.compact(s.rateRequestsPerSecond)) req/s |\n| Requests | \(s.numRequests) |\n"
    out += "| Workload | \(s.workload) |\n| Routing | \(s.routingPolicy) |\n| Seed | \(s.seed) |\n"
    out += "| SLO | TTFT p99 ≤ \(NumberFormat.compact(s.slo.ttftP99Ms)) ms, ITL p99 ≤ \(NumberFormat.compact(s.slo.itlP99Ms)) ms |\n\n"
    if !state.problems.isEmpty {
      out += "**Not simulated:** " + state.problems.joined(separator: "; ") + "\n"
      return out
    }
    for caveat in state.caveats { out += "**Caveat:** \(caveat)\n\n" }
    out += "## Results (latencies in ms)\n\n| Metric | roofline | blackbox | Δ roofline vs blackbox |\n|---|---:|---:|---:|\n"
    let columns = LatencyKind.allCases.map { state.metrics(.dashboard($0), gpuCount: s.gpuCount) }
    func cell(_ m: ColumnMetrics?, _ value: (ColumnMetrics) -> Double) -> String { m.map { NumberFormat.compact(value($0)) } ?? "n/a" }
    func delta(_ value: (ColumnMetrics) -> Double) -> String {
      guard let a = columns[0], let b = columns[1] else { return "n/a" }
      return NumberFormat.relativeDifference(value(a), against: value(b))
    }
    let metrics: [(String, (ColumnMetrics) -> Double)] = [
      ("TTFT mean", { $0.ttft.meanMs }), ("TTFT p50", { $0.ttft.p50Ms }), ("TTFT p90", { $0.ttft.p90Ms }), ("TTFT p99", { $0.ttft.p99Ms }),
      ("ITL mean", { $0.itl.meanMs }), ("ITL p50", { $0.itl.p50Ms }), ("ITL p90", { $0.itl.p90Ms }), ("ITL p99", { $0.itl.p99Ms }),
      ("E2E mean", { $0.e2e.meanMs }), ("E2E p50", { $0.e2e.p50Ms }), ("E2E p90", { $0.e2e.p90Ms }), ("E2E p99", { $0.e2e.p99Ms }),
      ("Throughput (req/s)", { $0.requestsPerSecond }), ("Output tok/s", { $0.outputTokensPerSecond }),
      ("Output tok/s per GPU", { $0.outputTokensPerSecondPerGPU }), ("Completed", { Double($0.completed) }),
      ("Preemptions", { Double($0.preemptions) }), ("Prefix hit rate (%)", { $0.prefixHitRate * 100 }),
      ("Simulated time (s)", { $0.simulatedSeconds }),
    ]
    for (name, value) in metrics {
      out += "| \(name) | \(cell(columns[0], value)) | \(cell(columns[1], value)) | \(delta(value)) |\n"
    }
    for kind in LatencyKind.allCases {
      if case .unavailable(let reason)? = state.outcomes[.dashboard(kind)] { out += "\n\(kind.rawValue): \(reason)\n" }
    }
    if !rows.isEmpty {
      out += "\n## TP vs replication (\(state.gpuBudget) × \(s.hardware))\n\n"
      out += "| Split | Model | TTFT p99 | ITL p99 | E2E p99 | req/s | tok/s/GPU | Max rate within SLO (req/s) | Best |\n"
      out += "|---|---|---:|---:|---:|---:|---:|---:|:---:|\n"
      for row in rows {
        if let problem = row.problem { out += "| \(row.split.label) | – | \(problem) | | | | | | |\n"; continue }
        for kind in LatencyKind.allCases {
          let mark = row.split == best ? "★" : ""
          if let m = row.metrics[kind] {
            out += "| \(row.split.label) | \(kind.rawValue) | \(NumberFormat.compact(m.ttft.p99Ms)) | \(NumberFormat.compact(m.itl.p99Ms)) | "
              + "\(NumberFormat.compact(m.e2e.p99Ms)) | \(NumberFormat.compact(m.requestsPerSecond)) | "
              + "\(NumberFormat.compact(m.outputTokensPerSecondPerGPU)) | \(row.capacity[kind]?.label ?? "–") | \(mark) |\n"
          } else {
            out += "| \(row.split.label) | \(kind.rawValue) | \(row.unavailable[kind] ?? "not run") | | | | | | |\n"
          }
        }
      }
    }
    return out
  }
}
