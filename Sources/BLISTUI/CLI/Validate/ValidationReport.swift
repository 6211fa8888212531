import BLISSim
import Foundation

/// What `blis validate` prints: per file, measured vs predicted vs error for every metric; over
/// the files, the mean absolute error; then the definitions. Deterministic (no wall-clock values).
struct ValidationReport {
  struct Entry {
    var item: ValidationInputs.Item
    var validation: FileValidation
    var target: ValidationTarget { item.target }
    var result: BenchmarkResult { item.result }
    var plan: RunPlan { item.plan }
  }

  var entries: [Entry]

  var aggregate: ValidationAggregate { ValidationAggregate(entries.map(\.validation)) }

  static let latencyQuantities: [BenchmarkMetric.Quantity] = [.ttft, .tpot, .itl, .e2e]

  // MARK: Text

  func text(relativeTo directory: URL? = nil) -> String {
    let plan = entries[0].plan
    let perFile = entries.contains { !$0.target.settings.isEmpty } ? " (FILE@key=value settings change it per file)" : ""
    var header = "blis validate: \(entries.count) vLLM benchmark result\(entries.count == 1 ? "" : "s") replayed on\(perFile)\n"
    header += RunHeader.deployment(plan) + RunHeader.latency(plan.deployment) + RunHeader.engineAndServing(plan)
    var text = RunHeader.relativizing(header, to: directory)
    for entry in entries { text += "\n" + fileBlock(entry) }
    if entries.count > 1 { text += "\n" + aggregateBlock() }
    text += "\n" + Self.definitions()
    return text
  }

  /// The file (and its per-file settings), what was replayed, and the table.
  private func fileBlock(_ entry: Entry) -> String {
    let v = entry.validation
    var line = v.source + (entry.target.settings.isEmpty ? "" : "  @\(entry.target.settingsText)") + "\n"
    line += "  \(v.requests) requests, \(Self.arrivals(entry.result)); \(v.simulatedCompleted) of \(v.requests) completed in the simulation"
    if !entry.target.settings.isEmpty {
      line += " (TP \(entry.plan.settings.tensorParallelism), \(entry.plan.deployment.servingProfile.name))"
    }
    var table = TextTable(headers: ["ms"] + Array(repeating: ["measured", "predicted", "error"], count: 3).flatMap { $0 },
                          groups: BenchmarkMetric.Statistic.allCases.map { TextTable.Group(title: $0.rawValue, span: 3) })
    for quantity in Self.latencyQuantities {
      table.add([quantity.rawValue] + BenchmarkMetric.Statistic.allCases.flatMap { statistic -> [String] in
        let c = v.comparison(BenchmarkMetric(quantity, statistic))
        return [Self.ms(c?.measured), Self.ms(c?.predicted), Self.error(c?.signedErrorPercent)]
      })
    }
    var text = line + "\n" + table.render(indent: "  ")
    let t = v.comparison(.outputThroughput)
    text += "  output throughput: measured \(Self.rate(t?.measured)) tok/s, predicted \(Self.rate(t?.predicted)) tok/s, error \(Self.error(t?.signedErrorPercent))\n"
    for note in v.notes { text += "  note: \(note)\n" }
    return text
  }

  private func aggregateBlock() -> String {
    let a = aggregate
    var table = TextTable(headers: [""] + Array(repeating: ["|error|", "bias"], count: 3).flatMap { $0 },
                          groups: BenchmarkMetric.Statistic.allCases.map { TextTable.Group(title: $0.rawValue, span: 2) })
    for quantity in Self.latencyQuantities {
      table.add([quantity.rawValue] + BenchmarkMetric.Statistic.allCases.flatMap { statistic -> [String] in
        let row = a.row(BenchmarkMetric(quantity, statistic))
        return [Self.percent(row?.meanAbsoluteErrorPercent), Self.error(row?.meanSignedErrorPercent)]
      })
    }
    let t = a.row(.outputThroughput)
    return "all \(entries.count) files: mean |error| and bias (mean signed error) over the files with both values\n"
      + table.render(indent: "  ")
      + "  output throughput: |error| \(Self.percent(t?.meanAbsoluteErrorPercent)), bias \(Self.error(t?.meanSignedErrorPercent))\n"
  }

  /// The definitions every column uses.
  static func definitions() -> String {
    var text = "definitions (benchmark_serving's; measured and predicted alike):\n"
    for quantity in BenchmarkMetric.Quantity.allCases {
      text += "  \(quantity.rawValue): \(quantity.definition)\n"
    }
    text += "  median, p99: linear interpolation between order statistics (np.percentile); the predicted ITL median\n"
      + "    and p99 come from the simulator's pooled gap histogram (within 0.4 %)\n"
      + "  error = predicted / measured − 1; measured values are the file's summary fields\n"
    return text
  }

  static func arrivals(_ r: BenchmarkResult) -> String {
    var text: String
    switch r.requestRate {
    case .unbounded: text = "all sent at t = 0"
    case .perSecond(let rate):
      text = "\(NumberFormat.plain(rate)) req/s " + (r.burstiness == 1 ? "Poisson" : "gamma (burstiness \(NumberFormat.plain(r.burstiness)))")
    }
    if let c = r.maxConcurrency { text += ", at most \(c) in flight" }
    return text
  }

  static func ms(_ v: Double?) -> String { v.map(NumberFormat.ms) ?? "–" }
  static func rate(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "–" }
  static func error(_ percent: Double?) -> String { percent.map { String(format: "%+.1f %%", $0) } ?? "–" }
  static func percent(_ percent: Double?) -> String { percent.map { String(format: "%.1f %%", $0) } ?? "–" }
}
