import BLISSim

/// The Markdown half of an export: settings, the answer, both dashboard columns with their
/// verdicts, the splits table (when that view is open), flags, and the commands to reproduce.
struct ExportMarkdown {
  let text: String

  init(state: AppState, payload: ExportDocument.Payload) {
    let s = state.draft
    var out = "# BLIS capacity plan\n\n"
    out += "Generated \(payload.generatedAt) by `blis tui` \(payload.version).\n\n"
    if payload.partial {
      out += "**PARTIAL:** some runs or capacity searches had not finished when this was exported; "
        + "their numbers are the ones so far.\n\n"
    }
    out += "| Setting | Value |\n|---|---|\n"
    out += "| Model | `\(s.model)` |\n| GPU | \(s.hardware) |\n"
    if let profile = payload.servingProfile { out += "| Serving profile | \(profile) |\n" }
    out += "| Split | \(s.split) (\(s.split.gpuCount) GPUs) |\n"
    out += "| Load | \(s.load == .ramp ? "ramp to " : "")\(NumberFormat.compact(s.rateRequestsPerSecond)) req/s, "
      + (payload.workload.requests.map { "\($0) requests over " } ?? "") + "\(NumberFormat.compact(payload.workload.arrivalSeconds)) s of arrivals (Poisson) |\n"
    out += "| Workload | \(s.workload)" + (payload.workload.promptTokens.map { ": prompt \(RunHeader.lengths($0)), output " } ?? "")
      + (payload.workload.outputTokens.map(RunHeader.lengths) ?? "") + " tokens |\n"
    out += "| Routing | \(s.routingPolicy) |\n| Seed | \(s.seed) |\n| SLO | \(s.slo.label) |\n\n"
    if !state.problems.isEmpty { out += "**Not simulated:** " + state.problems.joined(separator: "; ") + "\n\n" }
    out += Self.answer(payload.answer, hardware: s.hardware)
    out += Self.dashboard(state, payload: payload)
    if state.view == .splits { out += Self.splits(state) }
    let flags = payload.runs.flatMap { run in run.flags.map { "\(run.split) \(run.latencyModel.rawValue): \($0)" } }
    if !flags.isEmpty { out += "\n## Flags\n\n" + Set(flags).sorted().map { "- ⚠ \($0)\n" }.joined() }
    text = out
  }

  private static func answer(_ a: ExportDocument.AnswerEntry, hardware: String) -> String {
    var out = "## Answer: best split of \(a.gpuBudget) × \(hardware)\n\n"
    if let best = a.best?.result, let rate = best.maxRateRequestsPerSecond {
      out += "**\(best.split)** serves **\(NumberFormat.fixed(rate, 2)) req/s** within the SLO (\(best.kind.rawValue)) on "
        + "\(best.split.gpuCount) GPUs" + (best.usdPerHour.map { ", \(NumberFormat.dollars($0)) per hour" } ?? "")
        + (best.usdPerMillionOutputTokens.map { ", \(NumberFormat.dollars($0)) per million output tokens" } ?? "") + ".\n\n"
    } else if a.searchesFinished < a.searchesTotal {
      out += "Searching: \(a.searchesFinished) of \(a.searchesTotal) searches finished; no answer yet.\n\n"
    } else {
      out += "No split meets the SLO.\n\n"
    }
    return out + "Reproduce: `\(a.reproduce)`\n\n"
  }

  private static func dashboard(_ state: AppState, payload: ExportDocument.Payload) -> String {
    let s = state.draft
    let runs = payload.runs.filter { $0.view == "dashboard" }
    guard !runs.isEmpty else { return "" }
    var out = "## \(s.split) at \(NumberFormat.compact(s.rateRequestsPerSecond)) req/s (latencies in ms)\n\n"
    out += "| Metric | " + runs.map(\.latencyModel.rawValue).joined(separator: " | ") + " | Δ blackbox vs roofline |\n"
    out += "|---|" + runs.map { _ in "---:|" }.joined() + "---:|\n"
    func row(_ name: String, _ value: (ExportDocument.RunEntry) -> Double?) {
      let values = runs.map(value)
      let cells = values.map { $0.map(NumberFormat.compact) ?? "n/a" }
      let delta = values.count == 2 ? values[0].flatMap { a in values[1].map { NumberFormat.relativeDifference(a, $0) } } ?? "" : ""
      out += "| \(name) | " + cells.joined(separator: " | ") + " | \(delta) |\n"
    }
    out += "| Verdict | " + runs.map { $0.verdict ?? ($0.unavailableReason ?? "not finished") }.joined(separator: " | ") + " | |\n"
    row("Offered req/s (window)") { $0.measurement?.offeredRequestsPerSecond }
    row("Served req/s (window)") { $0.measurement?.throughputRequestsPerSecond }
    row("Keep-up (%)") { $0.measurement.map { $0.keepUpRatio * 100 } }
    for (name, path) in [("TTFT", \MetricsSummary.ttft), ("ITL", \MetricsSummary.itl), ("E2E", \MetricsSummary.e2e)] {
      row("\(name) p50") { $0.report?.cluster[keyPath: path].p50Ms }
      row("\(name) p99") { $0.report?.cluster[keyPath: path].p99Ms }
    }
    row("Output tok/s (window)") { $0.measurement?.outputTokensPerSecond }
    row("KV peak, busiest instance (%)") { r in r.report.map { Self.kvShare($0.cluster.kv.peakUsedBlocks, $0) } }
    row("KV mean, average instance (%)") { r in r.report.map { Self.kvShare($0.cluster.kv.meanUsedBlocks, $0) } }
    row("Preemptions") { $0.report.map { Double($0.cluster.kv.preemptions) } }
    row("Simulated s") { $0.report?.simulatedSeconds }
    out += "\nReproduce:\n\n" + runs.map { "- \($0.latencyModel.rawValue): " + ($0.reproduce.map { "`\($0)`" } ?? "a load ramp (no `blis run` flag form)") + "\n" }.joined()
    return out
  }

  /// Blocks as a percentage of one instance's blocks (the cluster row's basis).
  static func kvShare<T: BinaryInteger>(_ blocks: T, _ report: RunReport) -> Double { kvShare(Double(blocks), report) }
  static func kvShare(_ blocks: Double, _ report: RunReport) -> Double {
    report.cluster.kv.totalBlocks > 0 ? blocks / Double(report.cluster.kv.totalBlocks) * 100 : 0
  }

  private static func splits(_ state: AppState) -> String {
    let answer = state.answer
    var out = "\n## TP vs replication (\(state.gpuBudget) × \(state.draft.hardware), at \(NumberFormat.compact(state.draft.rateRequestsPerSecond)) req/s)\n\n"
    out += "| Split | Model | TTFT p99 | ITL p99 | Served req/s | Max rate within SLO (req/s) | $/h | $/M out tok | Best |\n"
    out += "|---|---|---:|---:|---:|---:|---:|---:|:---:|\n"
    for row in SplitTable.sorted(SplitTable.rows(state: state), by: .split) {
      if let problem = row.problem { out += "| \(row.split) | – | \(problem) | | | | | | |\n"; continue }
      for kind in LatencyModelChoice.allCases {
        let flag = (row.flags[kind] ?? []).isEmpty ? "" : " ⚠"
        guard row.unavailable[kind] == nil else {
          out += "| \(row.split) | \(kind.rawValue) | \(row.unavailable[kind]!) | | | | | | |\n"
          continue
        }
        let m = row.metrics[kind], c = row.capacity[kind]
        let mark = row.split == answer.best?.split && kind == answer.best?.kind ? "★" : ""
        out += "| \(row.split) | \(kind.rawValue)\(flag) | \(m.map { NumberFormat.compact($0.ttft.p99Ms) } ?? "–") | "
          + "\(m.map { NumberFormat.compact($0.itl.p99Ms) } ?? "–") | \(m?.servedRequestsPerSecond.map(NumberFormat.compact) ?? "–") | "
          + "\(c?.label ?? "–") | \(c?.result?.usdPerHour.map(NumberFormat.dollars) ?? "–") | "
          + "\(c?.result?.usdPerMillionOutputTokens.map(NumberFormat.dollars) ?? "–") | \(mark) |\n"
      }
    }
    return out
  }
}
