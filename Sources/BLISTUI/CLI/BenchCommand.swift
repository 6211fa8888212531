import ArgumentParser
import BLISSim
import Foundation

/// `blis bench`: simulated requests per wall-second and peak memory of the engine.
struct BenchCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the engine's speed (simulated requests per wall-second) and peak memory.",
    discussion: """
      The deployment is resolved like `blis run` (same settings, checks and errors), with bench's own \
      defaults: the chat workload (prompt 256, output 256 tokens, constant lengths, Poisson arrivals) at \
      110 req/s on 4 instances behind round-robin routing, 30,000 KV blocks per instance, a load that \
      keeps batches around 64, and the roofline of --model on --hardware. --step-model affine swaps in \
      a fixed affine step model (isolates the engine's own cost). Runs are sequential in one process; \
      peak RSS is the process high-water mark (VmHWM) after each run, so run the largest last. \
      Wall time and memory vary between machines and runs; the simulated results do not.
      """)

  @Option(name: .long, parsing: .upToNextOption, help: "Request counts to simulate, in order (replaces --num-requests).")
  var requests: [Int] = [50_000, 1_000_000]
  @Option(name: .long, help: "Step-time model: roofline (the deployment's) or affine (≈ 6 ms + 0.03 ms per decode).")
  var stepModel: String = "roofline"
  @Option(name: .long, help: "Shared-prefix groups (0 = unique prompts). With N > 0 every prompt is a 128-token group prefix + 128 own tokens, 100 prompts per group.")
  var prefixGroups: Int = 0
  @OptionGroup var options: RunOptions<BenchSettingDefaults>

  /// One measured run.
  struct Row: Encodable {
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

    enum CodingKeys: String, CodingKey {
      case requests, wallSeconds = "wall_s", simulatedRequestsPerWallSecond = "simulated_requests_per_wall_s"
      case peakRSSMiB = "peak_rss_mib", meanBatchSize = "mean_batch", steps, ttftP50Ms = "ttft_p50_ms"
      case itlP50Ms = "itl_p50_ms", prefixHitRate = "prefix_hit_rate", simulatedSeconds = "simulated_s"
      case completedRequests = "completed_requests"
    }
  }

  func execute(io: CommandIO) throws {
    guard ["roofline", "affine"].contains(stepModel) else {
      throw CLIFailure(.usage, "--step-model '\(stepModel)' is invalid: expected roofline or affine")
    }
    guard requests.allSatisfy({ $0 > 0 }) else {
      throw CLIFailure(.usage, "--requests '\(requests.map(String.init).joined(separator: " "))' is invalid: expected counts > 0")
    }
    guard prefixGroups >= 0 else { throw CLIFailure(.usage, "--prefix-groups '\(prefixGroups)' is invalid: expected an integer ≥ 0") }
    let prepared = try PreparedRun.prepare(options, io: io)
    let output = prepared.output
    if output.requestsOut != nil { throw SettingsError.conflict(message: "--requests-out is not supported by blis bench") }
    let base = try prepared.plan()
    let model: any LatencyModel = stepModel == "affine" ? AffineLatencyModel() : base.deployment.stepTime.model
    let header = [
      "model: \(model.summary); serving profile \(base.deployment.servingProfile.name)",
      "workload: \(Self.workloadWithoutCount(RunHeader.describe(base.workload, settings: base.settings)))"
        + (prefixGroups > 0 ? "; \(prefixGroups) prefix groups of 128 tokens" : ""),
      "engine: \(base.engine.instances) instances, \(base.engine.totalKVBlocksPerInstance) KV blocks each, routing \(base.engine.routing.name)",
      String(repeating: "-", count: 96),
      pad("requests", 10) + pad("wall s", 9) + pad("sim req/s", 12) + pad("peak MiB", 10) + pad("mean batch", 11)
        + pad("steps", 11) + pad("TTFT p50 ms", 12) + pad("ITL p50 ms", 11) + pad("hit rate", 9) + "sim s",
    ]
    if !output.json { io.writeOutput(header.joined(separator: "\n") + "\n") }
    var rows: [Row] = []
    for n in requests {
      var settings = base.settings
      settings.workload.numRequests = n
      let plan = try prepared.environment.plan(settings, kind: base.kind)
      var workload = plan.workload
      if prefixGroups > 0, case .synthetic(var spec) = workload {
        spec.sharedPrefix = SharedPrefix(groups: prefixGroups, promptsPerGroup: 100, prefixTokens: 128)
        spec.promptTokens = .constant(128)
        workload = .synthetic(try spec.validated())
      }
      var simulation = try Simulation(configuration: plan.engine, latencyModel: model, workload: workload)
      let start = DispatchTime.now().uptimeNanoseconds
      let report = simulation.run()
      let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      let c = report.cluster
      let row = Row(requests: n, wallSeconds: wall, simulatedRequestsPerWallSecond: Double(n) / wall,
                    peakRSSMiB: Self.peakRSSMiB(), meanBatchSize: c.meanBatchSize, steps: c.steps, ttftP50Ms: c.ttft.p50Ms,
                    itlP50Ms: c.itl.p50Ms, prefixHitRate: c.kv.prefixHitRate, simulatedSeconds: report.simulatedSeconds,
                    completedRequests: c.completedRequests)
      rows.append(row)
      if !output.json { io.writeOutput(line(row)) }
    }
    if output.json || output.resultsPath != nil {
      try io.emit(rows, text: { "" }, output: output)
    }
  }

  /// The run header's workload parts without the request count (each bench row has its own):
  /// "Poisson arrivals at 110 req/s; seed 42; prompt 256 tokens; output 256 tokens".
  static func workloadWithoutCount(_ parts: [String]) -> String {
    var parts = parts
    if let first = parts.first, let comma = first.range(of: ", ") { parts[0] = String(first[comma.upperBound...]) }
    return parts.joined(separator: "; ")
  }

  private func line(_ r: Row) -> String {
    pad("\(r.requests)", 10) + pad(String(format: "%.2f", r.wallSeconds), 9)
      + pad(String(format: "%.0f", r.simulatedRequestsPerWallSecond), 12) + pad(String(format: "%.1f", r.peakRSSMiB), 10)
      + pad(String(format: "%.1f", r.meanBatchSize), 11) + pad("\(r.steps)", 11)
      + pad(String(format: "%.1f", r.ttftP50Ms), 12) + pad(String(format: "%.2f", r.itlP50Ms), 11)
      + pad(String(format: "%.3f", r.prefixHitRate), 9) + String(format: "%.0f", r.simulatedSeconds) + "\n"
      + (r.completedRequests != r.requests ? "  warning: \(r.completedRequests) of \(r.requests) requests completed\n" : "")
  }

  private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
  }

  /// Peak resident set size of this process (VmHWM from /proc/self/status), MiB; 0 if unavailable.
  static func peakRSSMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kiB = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
      return kiB / 1024
    }
    return 0
  }
}

/// `blis bench`'s workload and deployment: chat traffic at a load that keeps batches around 64.
enum BenchSettingDefaults: CommandSettingDefaults {
  static var defaults: CommandDefaults {
    var d = CommandDefaults()
    d.set(\.model, "meta-llama/llama-3.1-8b-instruct")
    d.set(\.latencyModel, LatencyModelChoice.roofline.rawValue)
    d.set(\.numInstances, "4")
    d.set(\.rate, "110")
    d.set(\.totalKVBlocks, "30000")
    d.set(\.promptTokens, "256")
    d.set(\.promptTokensStdev, "0")
    d.set(\.outputTokens, "256")
    d.set(\.outputTokensStdev, "0")
    return d
  }
}
