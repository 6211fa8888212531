import ArgumentParser
import BLISSim
import Foundation

/// `blis capacity`: the highest arrival rate each GPU split sustains within latency SLOs, with
/// goodput, tokens/s per GPU, cost per million output tokens and GPUs needed for a target rate.
struct CapacityCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "capacity",
    abstract: "Find the highest request rate each GPU split serves within latency SLOs, and what it costs.",
    discussion: """
      For one configuration (--tp, --num-instances), a grid (--tp-list, --instances-list) or every split \
      of --gpus N, search the arrival rate: start at an analytic saturation estimate, step up (or down) by \
      1.25×, 1.5×, then 2× until the SLOs flip, then bisect until (hi − lo)/hi ≤ --rate-resolution. Each probe runs \
      max(--probe-requests, rate × --probe-seconds) requests (at most --max-probe-requests) with the same seed (deterministic) and \
      passes when every SLO p99 holds and the system keeps up (a probe whose failure is already certain stops early): started requests ≥ 95 % of arrivals over the \
      second half of the arrival period (a finite run of an overloaded system would otherwise hide \
      its growing queue). The workload's arrival stages are replaced by one constant-rate stage. \
      A row whose blackbox coefficients look unphysical is marked ! (the warning is on stderr and in \
      --json) and is not crowned best while an unflagged row has a capacity.

      --search concurrency asks "how many concurrent users within the SLOs" instead: the same \
      bracketing and bisection on whole numbers of closed-loop clients (each sending its next request \
      when answered, plus --think-time-ms), starting at half of max-num-seqs × instances, each probe \
      max(--probe-requests, 10 × clients) requests; a closed loop cannot fall behind its arrivals, \
      so the SLOs alone decide. max req/s is then the throughput at the most clients.

      --shard K/N searches only deployments K, K+N, … of the grid (split × latency model, in the \
      table's order) and prints them as JSON; `blis merge` of every shard prints exactly this \
      command's output without --shard (each search is deterministic, so where a shard runs does \
      not matter).
      """)

  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>
  @OptionGroup(title: "Grid") var grid: PlanningGridOptions
  @OptionGroup(title: "Service-level objectives (at least one)") var slo: SLOOptions

  @Option(name: .customLong("gpu-hour-usd"), parsing: .unconditional, help: ArgumentHelp("Price of one GPU-hour, USD (default: the GPU's gpuHourUSD in the hardware config).", valueName: "usd"))
  var gpuHourUSD: String?
  @Option(name: .customLong("target-rate"), parsing: .unconditional, help: ArgumentHelp("Also report the GPUs each split needs to serve this many req/s.", valueName: "req/s"))
  var targetRate: String?
  @Option(name: .customLong("rate-resolution"), parsing: .unconditional, help: ArgumentHelp("Stop bisecting when (hi − lo)/hi is at most this.", valueName: "fraction"))
  var rateResolution: Double = 0.02
  @Option(name: .customLong("probe-requests"), parsing: .unconditional, help: ArgumentHelp("Fewest requests per probe.", valueName: "n"))
  var probeRequests: Int = 1_000
  @Option(name: .customLong("probe-seconds"), parsing: .unconditional, help: ArgumentHelp("Each probe covers at least this many seconds of arrivals.", valueName: "s"))
  var probeSeconds: Double = 60
  @Option(name: .customLong("max-probe-requests"), parsing: .unconditional, help: ArgumentHelp("Most requests per probe (default: no cap; `blis tui` uses 20000).", valueName: "n"))
  var maxProbeRequests: Int?
  @Option(name: .customLong("search"), help: ArgumentHelp("What to maximise: rate (req/s, the default) or concurrency (closed-loop clients).", valueName: "rate|concurrency"))
  var searchVariable: String = "rate"
  @Flag(name: .customLong("plot"), help: "Draw the latency-vs-throughput frontier of the splits.")
  var plot = false
  @Flag(name: .customLong("ascii"), help: "Draw the plot with ASCII characters instead of braille.")
  var ascii = false
  @Option(name: .customLong("shard"), help: ArgumentHelp("Search only shard K of N of the deployments (K, K+N, K+2N, … in grid order) and write it as JSON for `blis merge`.", valueName: "K/N"))
  var shard: String?

  func execute(io: CommandIO) throws {
    let prepared = try PreparedRun.prepare(flagsOf: self, output: options.output, io: io)
    let settings = prepared.settings
    if settings.slo.isEmpty {
      throw PlanningError.invalidValue(flag: "--slo-ttft-p99-ms", value: "(none)",
                                       allowed: "at least one of --slo-ttft-p99-ms, --slo-itl-p99-ms, --slo-e2e-p99-ms")
    }
    let price = try Self.positive(gpuHourUSD, flag: "--gpu-hour-usd", allowZero: true, maximum: 1e6)
    let target = try Self.positive(targetRate, flag: "--target-rate", allowZero: false, maximum: 1e9)
    let search = try CapacitySearchSettings(rateResolution: rateResolution, minimumRequests: probeRequests,
                                            minimumArrivalSeconds: probeSeconds,
                                            maximumRequests: maxProbeRequests).validated()
    let shard = try self.shard.map { try GridShard(parsing: $0) }
    if shard != nil, plot {
      throw PlanningError.conflict("--plot cannot be combined with --shard: a shard writes JSON; blis merge --plot draws the whole result's plot")
    }
    let env = prepared.environment
    let deployments = try PlanningDeployments.make(settings: settings, splits: try grid.splits(settings),
                                                   kinds: try grid.kinds(settings), files: env.files, resolver: env.resolver)
    let runnable = deployments.runnable
    if case .trace = runnable[0].plan.workload { throw PlanningError.traceWorkload }
    let output = prepared.output
    io.warn(PlanningWarnings.all(deployments), quiet: output.quiet)
    let progress = PlanningProgress(total: 0, enabled: !output.quiet, io: io)
    for s in deployments.skipped { progress.note("skipped \(s.line)") }
    let byConcurrency = try Self.searchesConcurrency(searchVariable)
    let positions = shard?.positions(inGridOf: runnable.count) ?? Array(runnable.indices)
    let results = try (byConcurrency ? CapacityPlanner.runConcurrency : CapacityPlanner.run)(
      positions.map { runnable[$0] }, settings.slo, search, price, prepared.memory) { progress.note($0) }
    let header = CapacityShardDocument.Header(
      model: settings.model, hardware: runnable[0].plan.deployment.hardware.name, slo: settings.slo, settings: search,
      targetRatePerSecond: target, search: byConcurrency ? "concurrency" : "rate", seed: settings.seed, gpuHourUSD: price)
    let indexed = zip(positions, results).map { i, r in
      CapacityShardDocument.IndexedResult(gridIndex: i, result: r, warnings: runnable[i].plan.warnings.map(\.text))
    }
    let skipped = deployments.skipped.map(\.line)
    if let shard {
      try CapacityShardDocument(shard: shard, header: header, grid: CapacityShardDocument.gridNames(runnable), skipped: skipped,
                                results: indexed).write(output: output, io: io)
      return
    }
    try Self.present(CapacityShardDocument.report(header: header, skipped: skipped, results: indexed), plot: plot, ascii: ascii,
                     output: output, io: io)
  }

  /// Prints a whole capacity search (`blis capacity`, or `blis merge` of its shards): the table
  /// (with the frontier plot when asked) or `--json`.
  static func present(_ report: CapacityReport, plot: Bool, ascii: Bool, output: OutputSettings, io: CommandIO) throws {
    try io.emit(report, text: {
      var lines = report.textLines()
      if plot {
        lines.append("")
        let width = min(100, ProgressBar.terminalColumns(STDOUT_FILENO))
        lines += report.chart().render(width: width, height: 20, glyphs: ascii ? .ascii : .braille).map {
          $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
      }
      return lines.joined(separator: "\n") + "\n"
    }, output: output)
  }

  /// `--search`: true for concurrency, false for rate.
  static func searchesConcurrency(_ text: String) throws(PlanningError) -> Bool {
    switch text.lowercased() {
    case "rate": return false
    case "concurrency": return true
    default: throw .invalidValue(flag: "--search", value: text, allowed: "rate or concurrency")
    }
  }

  /// Parses an optional number flag (> 0, or ≥ 0 with `allowZero`).
  static func positive(_ text: String?, flag: String, allowZero: Bool, maximum: Double) throws(PlanningError) -> Double? {
    guard let text else { return nil }
    guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, allowZero ? v >= 0 : v > 0, v <= maximum else {
      throw .invalidValue(flag: flag, value: ErrorText.excerpt(text),
                          allowed: "a number \(allowZero ? "≥ 0" : "> 0") and ≤ \(String(format: "%g", maximum))")
    }
    return v
  }
}
