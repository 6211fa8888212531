import ArgumentParser
import BLISSim
import Foundation

/// `blis bench`: simulated requests per wall-second and peak memory of the engine.
struct BenchCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the engine's speed (simulated requests/s, steps/s, ns per step) and peak memory.",
    discussion: """
      The deployment is resolved like `blis run` (same settings, checks and errors), with bench's own \
      defaults: the chat workload (prompt 512, output 512 tokens, constant lengths, Poisson arrivals) \
      on 4 instances behind round-robin routing, 30,000 KV blocks per instance, and the roofline of \
      --model on --hardware. By default it runs four scenarios of --scenario-requests requests each, \
      at fractions of the deployment's analytic saturation rate: light (30 %), knee (90 %), overload \
      (130 %, the queue grows) and prefix-heavy (90 %, 3/4 of each prompt shared by 16 groups). \
      --requests N... instead runs the default load (--rate, default 55 req/s) at each request count. --step-model \
      affine swaps in a fixed affine step model (isolates the engine's own cost). Runs are sequential \
      on one core; peak RSS is the process high-water mark (VmHWM), reset before each run where \
      Linux allows (/proc/self/clear_refs). Wall time and memory vary between machines and runs; \
      the simulated results do not. --repeat N runs every row N times (each a fresh simulation, \
      required to give the same report) and reports the fastest run, the usual estimate of the \
      engine's cost on a shared machine (other load only ever adds time), with the median wall time \
      in --json; peak memory is the largest of the N.
      """)

  @Option(name: .long, parsing: .upToNextOption, help: "Request counts to simulate at the default load, in order (instead of the scenarios).")
  var requests: [Int] = []
  @Option(name: .long, help: "Requests per scenario.")
  var scenarioRequests: Int = 200_000
  @Option(name: .long, help: "Step-time model: roofline (the deployment's) or affine (≈ 6 ms + 0.03 ms per decode).")
  var stepModel: String = "roofline"
  @Option(name: .long, help: "Shared-prefix groups (0 = unique prompts). With N > 0 every prompt is a 128-token group prefix + 128 own tokens, 100 prompts per group.")
  var prefixGroups: Int = 0
  @Option(name: .customLong("repeat"), help: "Runs of each row; the row reports the fastest (1...100).")
  var repeats: Int = 1
  @OptionGroup var options: RunOptions<BenchSettingDefaults>

  /// One measured run.
  struct Row: Encodable {
    var scenario: String?
    var rateRequestsPerSecond: Double
    var requests: Int
    var wallSeconds: Double
    var simulatedRequestsPerWallSecond: Double
    var peakRSSMiB: Double
    var meanBatchSize: Double
    var steps: Int
    var ttftP50Ms: Double
    var itlP50Ms: Double
    var prefixHitRate: Double
    var simulatedSeconds: Double
    var completedRequests: Int
    var stepsPerWallSecond: Double
    var nanosecondsPerStep: Double
    /// Runs behind the row (`--repeat`): the wall-derived columns are the fastest run's.
    var runs: Int
    var medianWallSeconds: Double

    enum CodingKeys: String, CodingKey {
      case scenario, rateRequestsPerSecond = "rate_per_s", stepsPerWallSecond = "steps_per_wall_s"
      case nanosecondsPerStep = "ns_per_step"
      case requests, wallSeconds = "wall_s", simulatedRequestsPerWallSecond = "simulated_requests_per_wall_s"
      case peakRSSMiB = "peak_rss_mib", meanBatchSize = "mean_batch", steps, ttftP50Ms = "ttft_p50_ms"
      case itlP50Ms = "itl_p50_ms", prefixHitRate = "prefix_hit_rate", simulatedSeconds = "simulated_s"
      case completedRequests = "completed_requests", runs, medianWallSeconds = "median_wall_s"
    }
  }

  func execute(io: CommandIO) throws {
    guard ["roofline", "affine"].contains(stepModel) else {
      throw CLIFailure(.usage, "--step-model '\(stepModel)' is invalid: expected roofline or affine")
    }
    guard requests.allSatisfy({ (1...100_000_000).contains($0) }) else {
      throw CLIFailure(.usage, "--requests '\(requests.map(String.init).joined(separator: " "))' is invalid: expected counts in 1...100000000")
    }
    guard (1...100_000_000).contains(scenarioRequests) else {
      throw CLIFailure(.usage, "--scenario-requests '\(scenarioRequests)' is invalid: expected a count in 1...100000000")
    }
    guard (1...100).contains(repeats) else {
      throw CLIFailure(.usage, "--repeat '\(repeats)' is invalid: expected a count in 1...100")
    }
    guard (0...1_000_000).contains(prefixGroups) else {
      throw CLIFailure(.usage, "--prefix-groups '\(prefixGroups)' is invalid: expected an integer in 0...1000000")
    }
    let prepared = try PreparedRun.prepare(options, io: io)
    let output = prepared.output
    if output.requestsOut != nil { throw SettingsError.conflict(message: "--requests-out is not supported by blis bench") }
    let base = try prepared.plan()
    let model: any LatencyModel = stepModel == "affine" ? AffineLatencyModel() : base.deployment.stepTime.model
    let byScenario = requests.isEmpty
    let workloadLine = byScenario
      ? "workload: \(Self.workloadWithoutRate(RunHeader.describe(base.workload, settings: base.settings))); "
        + "\(scenarioRequests) requests per scenario; rates are fractions of the analytic saturation estimate"
      : "workload: \(Self.workloadWithoutCount(RunHeader.describe(base.workload, settings: base.settings)))"
        + (prefixGroups > 0 ? "; \(prefixGroups) prefix groups of 128 tokens" : "")
    let header = [
      "model: \(model.summary); serving profile \(base.deployment.servingProfile.name)",
      workloadLine,
      "engine: \(base.engine.instances) instances, \(base.engine.totalKVBlocksPerInstance) KV blocks each, routing \(base.engine.routing.name)"
        + (repeats > 1 ? "; wall times: fastest of \(repeats) runs per row" : ""),
      String(repeating: "-", count: 118),
      (byScenario ? pad("scenario", 13) : "") + pad("rate", 8) + pad("requests", 10) + pad("wall s", 8)
        + pad("sim req/s", 11) + pad("steps/s", 10) + pad("ns/step", 8) + pad("peak MiB", 9) + pad("batch", 6)
        + pad("steps", 10) + pad("TTFT p50", 9) + pad("ITL p50", 8) + "hit rate",
    ]
    let runs = try benchRuns(base: base, prepared: prepared)
    if !output.json { try io.writeOutput(header.joined(separator: "\n") + "\n") }
    var rows: [Row] = []
    for run in runs {
      let (report, walls, peakMiB) = try measure(run, model: model)
      let wall = walls.min() ?? 0
      let c = report.cluster
      let row = Row(scenario: run.scenario?.name, rateRequestsPerSecond: run.rate, requests: run.requests, wallSeconds: wall,
                    simulatedRequestsPerWallSecond: Double(run.requests) / wall,
                    peakRSSMiB: peakMiB, meanBatchSize: c.meanBatchSize, steps: c.steps, ttftP50Ms: c.ttft.p50Ms,
                    itlP50Ms: c.itl.p50Ms, prefixHitRate: c.kv.prefixHitRate, simulatedSeconds: report.simulatedSeconds,
                    completedRequests: c.completedRequests,
                    stepsPerWallSecond: wall > 0 ? Double(c.steps) / wall : 0,
                    nanosecondsPerStep: c.steps > 0 ? wall * 1e9 / Double(c.steps) : 0,
                    runs: walls.count, medianWallSeconds: walls.sorted()[walls.count / 2])
      rows.append(row)
      if !output.json { try io.writeOutput(line(row, scenarioColumn: byScenario)) }
    }
    if output.json || output.resultsPath != nil {
      try io.emit(rows, text: { "" }, output: output)
    }
  }

  /// Runs `run` `repeats` times, each a fresh simulation: its report (the same every time, or a
  /// runtime error), the wall seconds of each run and the largest peak RSS.
  private func measure(_ run: BenchRun, model: any LatencyModel) throws -> (RunReport, [Double], Double) {
    var first: RunReport?
    var walls: [Double] = []
    var peakMiB = 0.0
    for _ in 0..<repeats {
      var simulation = try Simulation(configuration: run.plan.engine, latencyModel: model, workload: run.workload)
      PeakMemory.reset()
      let start = DispatchTime.now().uptimeNanoseconds
      let report = simulation.run()
      walls.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      peakMiB = max(peakMiB, PeakMemory.peakMiB())
      if let first, first != report {
        throw CLIFailure(.runtime, "bench: repeated runs of \(run.requests) requests gave different reports (the engine must be deterministic)")
      }
      if first == nil { first = report }
    }
    return (first!, walls, peakMiB)
  }

  /// One bench run: the scenario (nil for `--requests`), its plan, workload and rate.
  struct BenchRun {
    var scenario: BenchScenario?
    var requests: Int
    var plan: RunPlan
    var workload: Workload
    var rate: Double
  }

  /// Every run of this invocation, each checked against the memory budget before any runs.
  private func benchRuns(base: RunPlan, prepared: PreparedRun) throws -> [BenchRun] {
    let runs: [(scenario: BenchScenario?, requests: Int)] = requests.isEmpty
      ? BenchScenario.standard.map { ($0, scenarioRequests) } : requests.map { (nil, $0) }
    return try runs.map { run in
      var settings = base.settings
      settings.workload.numRequests = run.requests
      let plan = try prepared.environment.plan(settings, kind: base.kind)
      var workload = plan.workload
      var rate = settings.workload.rateRequestsPerSecond
      if let scenario = run.scenario {
        (workload, rate) = try scenario.workload(for: plan, requests: run.requests)
      } else if prefixGroups > 0, case .synthetic(var spec) = workload {
        spec.sharedPrefix = SharedPrefix(groups: prefixGroups, promptsPerGroup: 100, prefixTokens: 128)
        spec.promptTokens = .constant(128)
        workload = .synthetic(try spec.validated())
      }
      let load = run.scenario.map { "--scenario-requests \(run.requests) (\($0.name) at \(String(format: "%.1f", rate)) req/s)" }
        ?? "--requests \(run.requests) at \(settings.place(of: \.rate)) \(String(format: "%g", rate))"
      try prepared.memory.check(MemoryEstimate(plan: plan, workload: workload), plan: plan, load: load) { fitting in
        "lower \(run.scenario == nil ? "--requests" : "--scenario-requests") (≤ ~\(fitting) here)"
      }
      return BenchRun(scenario: run.scenario, requests: run.requests, plan: plan, workload: workload, rate: rate)
    }
  }

  /// The run header's workload parts without the arrival rate (each scenario has its own).
  static func workloadWithoutRate(_ parts: [String]) -> String {
    var parts = parts
    if let first = parts.first, let comma = first.range(of: ", ") { parts[0] = String(first[comma.upperBound...]) }
    if let first = parts.first, let at = first.range(of: " at ") { parts[0] = String(first[..<at.lowerBound]) }
    return parts.joined(separator: "; ")
  }

  /// The run header's workload parts without the request count (each bench row has its own):
  /// "Poisson arrivals at 55 req/s; seed 42; prompt 512 tokens; output 512 tokens".
  static func workloadWithoutCount(_ parts: [String]) -> String {
    var parts = parts
    if let first = parts.first, let comma = first.range(of: ", ") { parts[0] = String(first[comma.upperBound...]) }
    return parts.joined(separator: "; ")
  }

  private func line(_ r: Row, scenarioColumn: Bool) -> String {
    (scenarioColumn ? pad(r.scenario ?? "", 13) : "") + pad(String(format: "%.1f", r.rateRequestsPerSecond), 8)
      + pad("\(r.requests)", 10) + pad(String(format: "%.2f", r.wallSeconds), 8)
      + pad(String(format: "%.0f", r.simulatedRequestsPerWallSecond), 11) + pad(String(format: "%.0f", r.stepsPerWallSecond), 10)
      + pad(String(format: "%.0f", r.nanosecondsPerStep), 8) + pad(String(format: "%.1f", r.peakRSSMiB), 9)
      + pad(String(format: "%.1f", r.meanBatchSize), 6) + pad("\(r.steps)", 10)
      + pad(String(format: "%.1f", r.ttftP50Ms), 9) + pad(String(format: "%.2f", r.itlP50Ms), 8)
      + String(format: "%.3f", r.prefixHitRate) + "\n"
      + (r.completedRequests != r.requests
        ? "  \(r.completedRequests) of \(r.requests) requests completed (the rest still queued or running when arrivals ended and the run drained)\n" : "")
  }

  private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
  }
}

/// `blis bench`'s workload and deployment: chat traffic, 512 tokens in and out, on 4 instances.
enum BenchSettingDefaults: CommandSettingDefaults {
  static var defaults: CommandDefaults {
    var d = CommandDefaults()
    d.set(\.model, "meta-llama/llama-3.1-8b-instruct")
    d.set(\.latencyModel, LatencyModelChoice.roofline.rawValue)
    d.set(\.numInstances, "4")
    d.set(\.rate, "55")
    d.set(\.totalKVBlocks, "30000")
    d.set(\.promptTokens, "512")
    d.set(\.promptTokensStdev, "0")
    d.set(\.outputTokens, "512")
    d.set(\.outputTokensStdev, "0")
    return d
  }
}
