import ArgumentParser
import BLISSim
import Foundation

/// `blis bench`: simulated requests per wall-second and peak memory of the engine.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the engine's speed (simulated requests per wall-second) and peak memory.",
    discussion: """
      Chat workload (prompt 256, output 256, Poisson arrivals), 4 instances, round-robin, at a rate that \
      keeps batches around 64. Step times come from the roofline of --model on --hardware (TP1) by \
      default; --step-model affine uses a fixed affine model instead (isolates the engine's own cost). Runs are sequential in one process; peak RSS is the process high-water mark \
      (VmHWM) after each run, so run the largest last.
      """)

  @Option(name: .long, parsing: .upToNextOption, help: "Request counts to simulate, in order.")
  var requests: [Int] = [50_000, 1_000_000]

  @Option(name: .long, help: "Step-time model: roofline (of --model on --hardware, TP1) or affine.")
  var stepModel: String = "roofline"

  @Option(name: .long, help: "Model for the roofline step model.")
  var model: String = "meta-llama/llama-3.1-8b-instruct"

  @Option(name: .long, help: "GPU for the roofline step model.")
  var hardware: String = "H100"

  @Option(name: .long, help: "Instances behind the router.")
  var instances: Int = 4

  @Option(name: .long, help: "Arrival rate, requests per second (cluster-wide).")
  var rate: Double = 110

  @Option(name: .long, help: "KV blocks per instance.")
  var totalKVBlocks: Int = 30_000

  @Option(name: .long, help: "Workload seed.")
  var seed: UInt64 = 42

  @Option(name: .long, help: "Routing policy: round-robin, least-outstanding, least-kv, prefix-affinity, weighted.")
  var routing: String = "round-robin"

  @Option(name: .long, help: "Serving profile from serving_profiles.yaml (default: the file's default; gpu-only = no serving costs).")
  var servingProfile: String?

  @Option(name: .long, help: "Shared-prefix groups (0 = unique prompts). With N > 0 every prompt is a 128-token group prefix + 128 own tokens, 100 prompts per group.")
  var prefixGroups: Int = 0

  func run() throws {
    let model = try stepTimeModel()
    let env = try RunEnvironment.load()
    let profile: ServingProfile
    do {
      profile = try servingProfile.map { try env.files.servingProfiles.profile(named: $0) } ?? env.files.servingProfiles.defaultProfile
    } catch { throw ValidationError("\(error)") }
    let policy: RoutingPolicy
    do { policy = try RoutingPolicy(name: routing) } catch { throw ValidationError("\(error)") }
    let shared = prefixGroups > 0
      ? SharedPrefix(groups: prefixGroups, promptsPerGroup: 100, prefixTokens: 128) : nil
    print("model: \(model.summary); serving profile \(profile.name)")
    print("workload: chat 256/256 (constant lengths\(shared == nil ? "" : ", \(prefixGroups) prefix groups of 128 tokens")),"
      + " Poisson \(rate) req/s, \(instances) instances, \(routing)")
    print(String(repeating: "-", count: 96))
    print(pad("requests", 10) + pad("wall s", 9) + pad("sim req/s", 12) + pad("peak MiB", 10) + pad("mean batch", 11)
      + pad("steps", 11) + pad("TTFT p50 ms", 12) + pad("ITL p50 ms", 11) + pad("hit rate", 9) + "sim s")
    guard requests.allSatisfy({ $0 > 0 }) else { throw ValidationError("--requests: every count must be > 0") }
    for n in requests {
      var configuration = EngineConfiguration(instances: instances, totalKVBlocksPerInstance: totalKVBlocks, seed: seed)
      configuration.routing = policy
      configuration.serving = profile.stack(tensorParallelism: 1)
      let spec = WorkloadSpec(seed: seed, ratePerSecond: rate, numRequests: n,
                              promptTokens: .constant(shared == nil ? 256 : 128), outputTokens: .constant(256),
                              sharedPrefix: shared)
      var simulation = try Simulation(configuration: configuration, latencyModel: model, workload: spec)
      let start = DispatchTime.now().uptimeNanoseconds
      let report = simulation.run()
      let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      let c = report.cluster
      print(pad("\(n)", 10) + pad(String(format: "%.2f", wall), 9)
        + pad(String(format: "%.0f", Double(n) / wall), 12) + pad(String(format: "%.1f", Self.peakRSSMiB()), 10)
        + pad(String(format: "%.1f", c.meanBatchSize), 11) + pad("\(c.steps)", 11)
        + pad(String(format: "%.1f", c.ttft.p50Ms), 12) + pad(String(format: "%.2f", c.itl.p50Ms), 11)
        + pad(String(format: "%.3f", c.kv.prefixHitRate), 9)
        + String(format: "%.0f", report.simulatedSeconds))
      if c.completedRequests != n {
        print("  warning: \(c.completedRequests) of \(n) requests completed")
      }
    }
  }

  /// The step-time model the bench drives the engine with.
  private func stepTimeModel() throws -> any LatencyModel {
    switch stepModel {
    case "affine": return AffineLatencyModel()
    case "roofline":
      let env = try RunEnvironment.load()
      let config = try ModelConfigLocator.load(model: model, folder: nil, dataDirectory: env.files.directory,
                                               hfRepo: env.files.defaults.defaultsFor(model: model)?.hfRepo)
      return RooflineModel(model: config, hardware: try env.files.hardware.spec(named: hardware),
                           tensorParallelism: 1, modelName: model)
    default: throw ValidationError("--step-model \(stepModel) is invalid (allowed: roofline, affine)")
    }
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
