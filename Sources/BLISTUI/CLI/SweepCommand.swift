import ArgumentParser
import BLISSim
import Foundation

/// `blis sweep`: every GPU split × rate × latency model of a grid, run in parallel; one table row
/// per point. Each point is exactly the `blis run` with those flags (same seed, same report).
struct SweepCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a grid of GPU splits × arrival rates × latency models and tabulate the results.",
    discussion: """
      Points run in parallel on all cores; each is deterministic and equals `blis run` with the same \
      flags. Splits that cannot run the model (TP not dividing the heads, weights not fitting, no \
      blackbox coefficients) are skipped with the reason. Progress goes to stderr. \
      --concurrency-list adds a closed-loop axis: each point is `blis run --concurrency N` (clients \
      sending as fast as they are answered, or at most N in flight at --rate/--rates).
      """)

  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>
  @OptionGroup(title: "Grid") var grid: PlanningGridOptions
  @Option(name: .customLong("rates"), parsing: .unconditional, help: ArgumentHelp("Arrival rates to run, req/s (default: --rate; with --concurrency-list and no --rate, none: clients send as fast as answered).", valueName: "50,100,200"))
  var rates: String?
  @Option(name: .customLong("concurrency-list"), parsing: .unconditional, help: ArgumentHelp("Closed-loop client counts to run (each point like --concurrency N; crossed with --rates when both are given).", valueName: "8,32,128"))
  var concurrencyList: String?
  @Option(name: .customLong("csv"), help: ArgumentHelp("Also write the table as CSV to this file (atomically).", valueName: "file.csv"))
  var csv: String?
  @Option(name: .customLong("shard"), help: ArgumentHelp("Run only shard K of N of the grid (points K, K+N, K+2N, … in grid order) and write it as JSON for `blis merge`.", valueName: "K/N"))
  var shard: String?

  func execute(io: CommandIO) throws {
    let prepared = try PreparedRun.prepare(options, io: io)
    let settings = prepared.settings, output = prepared.output, env = prepared.environment
    let splits = try grid.splits(settings)
    let kinds = try grid.kinds(settings)
    let clients = try concurrencyList.map { try PlanningListParser.wholeNumbers($0, flag: "--concurrency-list", range: 1...1_000_000) } ?? []
    // A concurrency axis without rates is a pure closed loop (unless --rate caps the arrivals).
    let defaultRates = clients.isEmpty || settings.isExplicit(\.rate) ? [settings.workload.rateRequestsPerSecond] : []
    let rateList = try rates.map { try PlanningListParser.positiveNumbers($0, flag: "--rates") } ?? defaultRates
    let loads = SweepLoad.grid(rates: rateList, concurrencies: clients)
    let shard = try self.shard.map { try GridShard(parsing: $0) }
    if shard != nil, csv != nil {
      throw PlanningError.conflict("--csv cannot be combined with --shard: a shard writes JSON; blis merge --csv writes the whole sweep's CSV")
    }
    let csvURL = csv.map { SettingPath.resolve($0, base: io.currentDirectory) }
    if let csvURL { try AtomicFileWriter.checkWritable(csvURL) }

    let deployments = try PlanningDeployments.make(settings: settings, splits: splits, kinds: kinds, files: env.files,
                                                   resolver: env.resolver)
    io.warn(PlanningWarnings.all(deployments), quiet: output.quiet)
    let gridNames = SweepShardDocument.gridNames(deployments.runnable, loads: loads)
    let positions = shard?.positions(inGridOf: gridNames.count) ?? Array(gridNames.indices)
    let progress = PlanningProgress(total: positions.count, enabled: !output.quiet, io: io)
    for s in deployments.skipped { progress.note("skipped \(s.line)") }
    let points = try SweepPlanner.run(deployments.runnable, loads: loads, files: env.files, resolver: env.resolver,
                                      shard: shard, memory: prepared.memory) { p in
      progress.step("\(p.split) \(p.kind.rawValue) \(Self.load(p)) done")
    }
    let warnings = Dictionary(deployments.runnable.map { (DeploymentKey($0.split, $0.kind), $0.plan.warnings.map(\.text)) },
                              uniquingKeysWith: { a, _ in a })
    let rows = points.map { Row(point: $0, warnings: warnings[DeploymentKey($0.split, $0.kind)] ?? []) }
    let hardware = deployments.runnable[0].plan.deployment.hardware.name
    let header = ["model: \(settings.model) on \(hardware), seed \(settings.seed), \(settings.workload.numRequests) requests per point"]
    let skipped = deployments.skipped.map(\.line)
    if let shard {
      try SweepShardDocument(shard: shard, header: header, grid: gridNames, clients: !clients.isEmpty, skipped: skipped,
                             points: zip(positions, rows).map { .init(gridIndex: $0, row: $1) }).write(output: output, io: io)
      return
    }
    try Self.present(rows, header: header, clients: !clients.isEmpty, skipped: skipped, csv: csvURL, output: output, io: io)
  }

  /// Prints a whole sweep (`blis sweep`, or `blis merge` of its shards): the table or `--json`,
  /// and the CSV when asked.
  static func present(_ rows: [Row], header: [String], clients: Bool, skipped: [String], csv csvURL: URL?,
                      output: OutputSettings, io: CommandIO) throws {
    if let csvURL { try AtomicFileWriter.write(Data(Self.csv(rows, clients: clients).utf8), to: csvURL) }
    let document = Document(points: rows, skipped: skipped)
    try io.emit(document, text: {
      var lines = header
      lines += Self.table(rows, clients: clients).lines()
      if rows.contains(where: { !$0.warnings.isEmpty }) { lines.append("! = doubtful inputs (the warning is on stderr)") }
      lines += skipped.map { "skipped: \($0)" }
      return lines.joined(separator: "\n") + "\n"
    }, output: output)
  }

  private struct DeploymentKey: Hashable {
    var split: GPUSplit
    var kind: LatencyModelChoice
    init(_ split: GPUSplit, _ kind: LatencyModelChoice) { self.split = split; self.kind = kind }
  }

  /// "4.00 req/s", "32 clients", "4.00 req/s, 32 clients".
  static func load(_ p: SweepPoint) -> String {
    load(SweepLoad(rateRequestsPerSecond: p.rateRequestsPerSecond, concurrency: p.concurrency))
  }

  static func load(_ l: SweepLoad) -> String {
    [l.rateRequestsPerSecond.map { "\(NumberFormat.fixed($0, 2)) req/s" }, l.concurrency.map { "\($0) clients" }]
      .compactMap { $0 }.joined(separator: ", ")
  }

  static let columns = [
    ("model", "latency_model"), ("TP", "tp"), ("inst", "instances"), ("clients", "concurrency"), ("rate", "rate_per_s"),
    ("TTFT p50", "ttft_p50_ms"), ("TTFT p99", "ttft_p99_ms"), ("ITL p50", "itl_p50_ms"), ("ITL p99", "itl_p99_ms"),
    ("E2E p50", "e2e_p50_ms"), ("E2E p99", "e2e_p99_ms"), ("req/s", "throughput_requests_per_s"),
    ("tok/s/GPU", "output_tokens_per_s_per_gpu"), ("KV peak", "kv_peak_fraction"), ("preempt", "preemptions"),
  ]

  /// One sweep point with what the table derives from it: the JSON carries every column.
  struct Row: Codable {
    var point: SweepPoint
    var warnings: [String]

    /// The busiest instance's peak share of its KV blocks.
    var kvPeakFraction: Double {
      let c = point.report.cluster
      return c.kv.totalBlocks > 0 ? Double(c.kv.peakUsedBlocks) / Double(c.kv.totalBlocks) : 0   // per instance
    }

    enum CodingKeys: String, CodingKey {
      case outputTokensPerSecondPerGPU = "output_tokens_per_s_per_gpu", kvPeakFraction = "kv_peak_fraction", warnings
    }

    init(point: SweepPoint, warnings: [String]) { self.point = point; self.warnings = warnings }

    /// Reads a row written by `encode` (`blis merge`); the derived columns are recomputed.
    init(from decoder: any Decoder) throws {
      point = try SweepPoint(from: decoder)
      warnings = try decoder.container(keyedBy: CodingKeys.self).decode([String].self, forKey: .warnings)
    }

    func encode(to encoder: any Encoder) throws {
      try point.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(point.outputTokensPerSecondPerGPU, forKey: .outputTokensPerSecondPerGPU)
      try c.encode(kvPeakFraction, forKey: .kvPeakFraction)
      try c.encode(warnings, forKey: .warnings)
    }
  }

  /// One row per point; latencies in ms, KV peak as the busiest instance's share of its blocks; a
  /// closed loop without a rate shows "-" as its rate.
  static func cells(_ row: Row, csv: Bool) -> [String] {
    let p = row.point
    let c = p.report.cluster
    let f = NumberFormat.fixed
    let kvPeak = row.kvPeakFraction
    return [p.kind.rawValue + (csv || row.warnings.isEmpty ? "" : " !"), "\(p.split.tensorParallelism)", "\(p.split.instances)",
            p.concurrency.map(String.init) ?? "-", f(p.rateRequestsPerSecond, 2),
            f(c.ttft.p50Ms, 1), f(c.ttft.p99Ms, 1), f(c.itl.p50Ms, 2), f(c.itl.p99Ms, 2), f(c.e2e.p50Ms, 0), f(c.e2e.p99Ms, 0),
            f(c.requestsPerSecond, 2), f(p.outputTokensPerSecondPerGPU, 0),
            csv ? f(kvPeak, 4) : "\(Int((kvPeak * 100).rounded())) %", "\(c.kv.preemptions)"]
  }

  /// The table; the clients column only when the sweep has a concurrency axis.
  static func table(_ rows: [Row], clients: Bool = false) -> TextTable {
    var table = TextTable(headers: shown(columns.map(\.0), clients: clients))
    table.underlineHeader = true
    table.rows = rows.map { shown(cells($0, csv: false), clients: clients) }
    return table
  }

  static func csv(_ rows: [Row], clients: Bool = false) -> String {
    ([shown(columns.map(\.1), clients: clients).joined(separator: ",")]
      + rows.map { shown(cells($0, csv: true), clients: clients).joined(separator: ",") })
      .joined(separator: "\n") + "\n"
  }

  /// `cells` without the clients column (index 3) for an open-loop sweep.
  private static func shown(_ cells: [String], clients: Bool) -> [String] {
    clients ? cells : cells.enumerated().filter { $0.offset != 3 }.map(\.element)
  }

  struct Document: Encodable {
    var points: [Row]
    var skipped: [String]
  }
}
