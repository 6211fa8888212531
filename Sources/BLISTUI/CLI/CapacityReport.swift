import BLISSim
import Foundation

/// What `blis capacity` prints: the settings, one table row per split, the best split, skipped
/// splits, and (with `--plot`) the frontier chart. Pure formatting of `CapacityResult`s. The JSON
/// carries everything the table shows: per row the capacity, the latencies and goodput there,
/// tok/s/GPU, $ per million output tokens, the GPUs for `--target-rate`, the warnings and
/// whether it is the best.
struct CapacityReport: Encodable {
  var model: String
  var hardware: String
  var slo: LatencySLO
  var settings: CapacitySearchSettings
  var targetRatePerSecond: Double?
  var results: [CapacityResult]
  /// The warnings of each result's deployment (e.g. an unphysical blackbox row), worded.
  var warnings: [[String]]
  var skipped: [String]

  init(model: String, hardware: String, slo: LatencySLO, settings: CapacitySearchSettings, targetRatePerSecond: Double?,
       results: [CapacityResult], warnings: [[String]]? = nil, skipped: [String]) {
    self.model = model; self.hardware = hardware; self.slo = slo; self.settings = settings
    self.targetRatePerSecond = targetRatePerSecond; self.results = results
    self.warnings = warnings ?? results.map { _ in [] }; self.skipped = skipped
  }

  /// The best result: `CapacityPlanner.best`, the rule the planner's answer bar uses too (each
  /// split counts its most conservative unflagged row; flagged rows only when all of a split's are).
  var bestIndex: Int? { CapacityPlanner.best(results) }

  /// One table row in JSON: the result's own fields plus the derived columns (also the planner's
  /// exported answer).
  struct Row: Encodable, Sendable {
    var result: CapacityResult
    var outputTokensPerSecondPerGPU: Double?
    var usdPerHour: Double?
    var usdPerMillionOutputTokens: Double?
    var gpusForTargetRate: Int?
    var warnings: [String]
    var best: Bool

    init(_ result: CapacityResult, targetRate: Double?, warnings: [String], best: Bool) {
      self.result = result
      outputTokensPerSecondPerGPU = result.outputTokensPerSecondPerGPU
      usdPerHour = result.usdPerHour
      usdPerMillionOutputTokens = result.usdPerMillionOutputTokens
      gpusForTargetRate = targetRate.flatMap { result.gpusNeeded(targetRate: $0) }
      self.warnings = warnings
      self.best = best
    }

    enum CodingKeys: String, CodingKey {
      case outputTokensPerSecondPerGPU = "output_tokens_per_s_per_gpu", usdPerHour = "usd_per_hour"
      case usdPerMillionOutputTokens = "usd_per_million_output_tokens", gpusForTargetRate = "gpus_for_target_rate"
      case warnings, best
    }

    func encode(to encoder: any Encoder) throws {
      try result.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(outputTokensPerSecondPerGPU, forKey: .outputTokensPerSecondPerGPU)
      try c.encode(usdPerHour, forKey: .usdPerHour)
      try c.encode(usdPerMillionOutputTokens, forKey: .usdPerMillionOutputTokens)
      try c.encode(gpusForTargetRate, forKey: .gpusForTargetRate)
      try c.encode(warnings, forKey: .warnings)
      try c.encode(best, forKey: .best)
    }
  }

  var rows: [Row] {
    let best = bestIndex
    return results.enumerated().map { i, r in Row(r, targetRate: targetRatePerSecond, warnings: warnings[i], best: i == best) }
  }

  enum CodingKeys: String, CodingKey {
    case model, hardware, slo, settings, targetRatePerSecond = "target_rate_per_s", results, bestIndex = "best_index", skipped
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(model, forKey: .model)
    try c.encode(hardware, forKey: .hardware)
    try c.encode(slo, forKey: .slo)
    try c.encode(settings, forKey: .settings)
    try c.encode(targetRatePerSecond, forKey: .targetRatePerSecond)
    try c.encode(rows, forKey: .results)
    try c.encode(bestIndex, forKey: .bestIndex)
    try c.encode(skipped, forKey: .skipped)
  }

  /// True for a concurrency search (`--search concurrency`): its probes count clients.
  var byConcurrency: Bool { results.contains { $0.probes.contains { $0.concurrency != nil } } }

  func textLines() -> [String] {
    let f = NumberFormat.fixed
    var header = ["split", "model", "max req/s", "TTFT p99", "ITL p99", "E2E p99", "goodput", "tok/s/GPU", "$/M tok"]
    if byConcurrency { header.insert("max clients", at: 2) }
    if let target = targetRatePerSecond { header.append("GPUs@\(NumberFormat.fixed(target, target < 10 ? 1 : 0))") }
    header.append("limited by")
    var table = TextTable(headers: header)
    table.leftAlignedColumns = 2
    table.underlineHeader = true
    let best = bestIndex
    for (i, r) in results.enumerated() {
      let c = r.atMaxRate?.report.cluster
      var row = [(i == best ? "* " : "  ") + r.split.description, r.kind.rawValue + (warnings[i].isEmpty ? "" : " !"),
                 f(r.maxRateRequestsPerSecond, 2), f(c?.ttft.p99Ms, 0), f(c?.itl.p99Ms, 1), f(c?.e2e.p99Ms, 0),
                 f(r.atMaxRate?.goodputRequestsPerSecond, 2), f(r.outputTokensPerSecondPerGPU, 0),
                 f(r.usdPerMillionOutputTokens, 3)]
      if byConcurrency { row.insert(r.maxConcurrency.map(String.init) ?? "-", at: 2) }
      if let target = targetRatePerSecond { row.append(r.gpusNeeded(targetRate: target).map(String.init) ?? "-") }
      row.append(r.limitedBy.first ?? "(nothing failed)")
      table.rows.append(row)
    }
    let searchLine = byConcurrency
      ? "search: closed-loop clients, resolution \(NumberFormat.fixed(settings.rateResolution * 100, 1)) %, ≥ \(settings.minimumRequests) requests "
        + "and ≥ 10 per client per probe" + (settings.maximumRequests.map { " (at most \($0) requests)" } ?? "")
        + "; max req/s = throughput at the most clients; latencies in ms there"
      : "search: rate resolution \(NumberFormat.fixed(settings.rateResolution * 100, 1)) %, ≥ \(settings.requests(atRate: 0)) requests "
        + "and ≥ \(NumberFormat.fixed(settings.minimumArrivalSeconds, 0)) s of arrivals per probe"
        + (settings.maximumRequests.map { " (at most \($0) requests)" } ?? "") + ", keep-up ≥ "
        + "\(NumberFormat.fixed(settings.minimumKeepUpRatio * 100, 0)) %; latencies in ms at the max rate"
    var lines = ["model: \(model) on \(hardware); SLO: \(slo.label)", searchLine]
    lines += table.lines()
    if warnings.contains(where: { !$0.isEmpty }) {
      lines.append("! = doubtful inputs (the warning is on stderr); a split counts its most conservative unflagged row")
    }
    if let b = best {
      let r = results[b]
      let capacity = r.maxConcurrency.map { "\($0) clients (\(f(r.maxRateRequestsPerSecond, 2)) req/s)" } ?? "\(f(r.maxRateRequestsPerSecond, 2)) req/s"
      lines.append("* best: \(r.split) (\(r.kind.rawValue)): \(capacity) on \(r.split.gpuCount) GPU\(r.split.gpuCount == 1 ? "" : "s")"
        + (r.usdPerMillionOutputTokens.map { ", $\(f($0, 3)) per million output tokens at $\(f(r.gpuHourUSD, 2))/GPU-hour" } ?? ""))
    } else {
      lines.append(byConcurrency ? "no split meets the SLOs with one client"
                   : "no split meets the SLOs at \(NumberFormat.fixed(settings.minimumRate, 2)) req/s or more")
    }
    for s in skipped { lines.append("skipped: \(s)") }
    return lines
  }

  /// The SLO metric plotted: the first one set of TTFT, ITL, E2E.
  private var plotted: (name: String, limit: Double?, value: (CapacityResult.Probe) -> Double) {
    if let l = slo.ttftP99Ms { return ("TTFT p99 (ms)", l, \.ttftP99Ms) }
    if let l = slo.itlP99Ms { return ("ITL p99 (ms)", l, \.itlP99Ms) }
    return ("E2E p99 (ms)", slo.e2eP99Ms, \.e2eP99Ms)
  }

  /// Latency vs offered rate for every probe of every split, joined in rate order: the curve
  /// rises where the split stops meeting the SLO. The x axis ends at 1.3 × the highest capacity
  /// (probes far into overload are left out, and so are probes stopped early, whose latencies
  /// cover only part of their run); markers are the TP when that identifies the
  /// series, else letters.
  func chart() -> FrontierChart {
    let p = plotted
    let tps = results.map(\.split.tensorParallelism)
    let byTP = Set(tps).count == tps.count && tps.allSatisfy { $0 < 10 }
    let series = results.enumerated().map { i, r in
      FrontierChart.Series(
        marker: byTP ? Character("\(r.split.tensorParallelism)") : Character(Unicode.Scalar(UInt8(65 + i % 26))),
        label: "\(r.split)\(Set(results.map(\.kind)).count > 1 ? " " + r.kind.rawValue : "")",
        points: r.probes.filter { $0.stoppedEarlyAtSeconds == nil }.map { (x: $0.rateRequestsPerSecond, y: p.value($0)) })
    }
    let capacity = results.compactMap(\.maxRateRequestsPerSecond).max()
    return FrontierChart(series: series, xLabel: byConcurrency ? "served req/s" : "offered req/s", yLabel: p.name, limitY: p.limit,
                         maxY: p.limit.map { $0 * 3 }, maxX: capacity.map { $0 * 1.3 })
  }
}
