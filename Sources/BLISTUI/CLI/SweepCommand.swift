import ArgumentParser
import BLISSim
import Foundation

/// `blis sweep`: every GPU split × rate × latency model of a grid, run in parallel; one table row
/// per point. Each point is exactly the `blis run` with those flags (same seed, same report).
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a grid of GPU splits × arrival rates × latency models and tabulate the results.",
    discussion: """
      Points run in parallel on all cores; each is deterministic and equals `blis run` with the same \
      flags. Splits that cannot run the model (TP not dividing the heads, weights not fitting, no \
      blackbox coefficients) are skipped with the reason. Progress goes to stderr.
      """)

  @OptionGroup var options: RunOptions
  @OptionGroup(title: "Grid") var grid: PlanningGridOptions
  @Option(name: .customLong("rates"), parsing: .unconditional, help: ArgumentHelp("Arrival rates to run, req/s (default: --rate).", valueName: "50,100,200"))
  var rates: String?
  @Option(name: .customLong("csv"), help: ArgumentHelp("Also write the table as CSV to this file (atomically).", valueName: "file.csv"))
  var csv: String?

  func run() throws {
    let env = try RunEnvironment.load(hardwareConfig: options.modelHardware.hardwareConfig)
    let o = try options.resolve(context: env.context())
    let splits = try grid.splits(o)
    let kinds = try grid.kinds(o)
    let rateList = try rates.map { try PlanningListParser.positiveNumbers($0, flag: "--rates") } ?? [o.rateRequestsPerSecond]
    let csvURL = csv.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
    if let csvURL { try AtomicFileWriter.checkWritable(csvURL) }
    if let path = o.resultsPath { try AtomicFileWriter.checkWritable(path) }

    let deployments = try PlanningDeployments.make(options: o, splits: splits, kinds: kinds, files: env.files,
                                                   resolver: env.resolver)
    let progress = PlanningProgress(total: deployments.runnable.count * rateList.count, enabled: !o.quiet)
    for s in deployments.skipped { progress.note("skipped \(s.line)") }
    let warnings = deployments.runnable.flatMap { d in d.plan.latency.warnings.map { "\(d.split) \(d.kind.rawValue): \($0)" } }
    for w in warnings { progress.note("warning: \(w)") }
    let points = try SweepPlanner.run(deployments.runnable, rates: rateList, files: env.files, resolver: env.resolver) { p in
      progress.step("\(p.split) \(p.kind.rawValue) \(NumberFormat.fixed(p.rateRequestsPerSecond, 2)) req/s done")
    }

    let table = Self.table(points)
    if let csvURL { try AtomicFileWriter.write(Data(Self.csv(points).utf8), to: csvURL) }
    let json = try Self.json(points, skipped: deployments.skipped, warnings: warnings)
    if let path = o.resultsPath { try AtomicFileWriter.write(json, to: path) }
    if o.json {
      FileHandle.standardOutput.write(json)
    } else {
      print("model: \(o.model) on \(deployments.runnable[0].plan.latency.hardware.name), seed \(o.seed), \(o.numRequests) requests per point")
      for line in table.lines() { print(line) }
      for w in warnings { print("! \(w)") }
      for s in deployments.skipped { print("skipped: \(s.line)") }
    }
  }

  static let columns = [
    ("model", "latency_model"), ("TP", "tp"), ("inst", "instances"), ("rate", "rate_per_s"),
    ("TTFT p50", "ttft_p50_ms"), ("TTFT p99", "ttft_p99_ms"), ("ITL p50", "itl_p50_ms"), ("ITL p99", "itl_p99_ms"),
    ("E2E p50", "e2e_p50_ms"), ("E2E p99", "e2e_p99_ms"), ("req/s", "throughput_requests_per_s"),
    ("tok/s/GPU", "output_tokens_per_s_per_gpu"), ("KV peak", "kv_peak_fraction"), ("preempt", "preemptions"),
  ]

  /// One row per point; latencies in ms, KV peak as the busiest instance's share of its blocks.
  static func cells(_ p: SweepPoint, csv: Bool) -> [String] {
    let c = p.report.cluster
    let kvPeak = c.kv.totalBlocks > 0 ? Double(c.kv.peakUsedBlocks) / Double(c.kv.totalBlocks) : 0   // per instance
    let f = NumberFormat.fixed
    return [p.kind.rawValue, "\(p.split.tensorParallelism)", "\(p.split.instances)", f(p.rateRequestsPerSecond, 2),
            f(c.ttft.p50Ms, 1), f(c.ttft.p99Ms, 1), f(c.itl.p50Ms, 2), f(c.itl.p99Ms, 2), f(c.e2e.p50Ms, 0), f(c.e2e.p99Ms, 0),
            f(c.requestsPerSecond, 2), f(p.outputTokensPerSecondPerGPU, 0),
            csv ? f(kvPeak, 4) : "\(Int((kvPeak * 100).rounded())) %", "\(c.kv.preemptions)"]
  }

  static func table(_ points: [SweepPoint]) -> TextTable {
    var table = TextTable(headers: columns.map(\.0))
    table.underlineHeader = true
    table.rows = points.map { cells($0, csv: false) }
    return table
  }

  static func csv(_ points: [SweepPoint]) -> String {
    ([columns.map(\.1).joined(separator: ",")] + points.map { cells($0, csv: true).joined(separator: ",") })
      .joined(separator: "\n") + "\n"
  }

  struct Document: Encodable {
    var points: [SweepPoint]
    var skipped: [String]
    /// Doubts about a deployment's step-time model, "TP4×2 blackbox: …" (e.g. an unphysical row).
    var warnings: [String]
  }

  static func json(_ points: [SweepPoint], skipped: [PlanningDeployments.Skipped], warnings: [String]) throws -> Data {
    try ReportJSON.encode(Document(points: points, skipped: skipped.map(\.line), warnings: warnings))
  }
}
