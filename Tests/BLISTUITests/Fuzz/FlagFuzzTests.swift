import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// Thousands of generated run settings (flag values at and past every limit, NaN/inf, huge and
/// negative numbers, strange names and paths) through the same path as `blis run`: resolution,
/// the run plan (model config, GPU, KV capacity, step-time bound) and a short simulation.
/// Properties: no crash; every error is one classified line (so the exit code is 1 or 2); and
/// whatever resolves simulates to the end.
@Suite(.serialized) struct FlagFuzzTests {
  static let environment = RunEnvironment(files: TestPlanner.files, resolver: TestPlanner.resolver.with(fetcher: OfflineFetcher()))

  static let models = ["meta-llama/llama-3.1-8b-instruct", "meta-llama/llama-3.1-8b-instruct", "meta-llama/llama-3.1-8b-instruct",
                       "meta-llama/llama-3.1-70b-instruct", "qwen/qwen3-14b", "mixtral-8x7b-v0.1", "deepseek-v2-lite",
                       "evil/llama-3.1-8b-instruct", "no-such-model"]
  /// Every setting of the catalogue (model aside), by name.
  static let names = SettingsCatalog.all.map(\.name).filter { $0 != "model" }
  /// Names whose values are paths.
  static let pathNames: Set = ["hardware-config", "model-config-folder", "workload-spec"]
  /// Plausible values, so that some settings resolve and simulate.
  static let plausible = ["1", "2", "4", "8", "16", "30", "0.5", "0.9", "100", "2048", "H100", "h200", "A100-80", "chatbot",
                          "round-robin", "least-kv", "roofline", "blackbox", "gamma", "constant", "true", "false",
                          "vllm-0.14", "1,2,3", "6000,10,14", "exponential"]

  /// Each setting's built-in default as `--help` shows it.
  static let defaults = Dictionary(uniqueKeysWithValues: SettingsCatalog.all.map { ($0.name, $0.defaultText(CommandDefaults())) })

  static func value(for name: String, _ random: inout FuzzRandom, folder: URL) -> String {
    if pathNames.contains(name) {
      return random.pick(FuzzRandom.paths(in: folder) + [folder.appendingPathComponent("spec.yaml").path,
                                                         folder.appendingPathComponent("trace.csv").path])
    }
    switch random.int(0...19) {
    case 0...4: return random.number()
    case 5...6: return random.string()
    case 7: return (0..<random.int(0...8)).map { _ in random.number() }.joined(separator: ",")
    case 8...10: return random.pick(plausible)
    default:
      // Near the setting's own default, so that many cases resolve and go on to simulate.
      let text = defaults[name] ?? "1"
      if let number = Double(text), number.isFinite {
        let scaled = number * random.pick([0.5, 1, 1, 2, 3])
        return Int(exactly: scaled).map(String.init) ?? String(scaled)
      }
      return text
    }
  }

  @Test func runSettingsNeverCrashAndFailInOneClassifiedLine() throws {
    let folder = try makeTemporaryFolder("blis-flag-fuzz")
    defer { try? FileManager.default.removeItem(at: folder) }
    try "rate: 5\nnum_requests: 20\nprompt_tokens: 100\noutput_tokens: 20\n".write(to: folder.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
    try "0,100,20\n0.5,200,10,1,50\n".write(to: folder.appendingPathComponent("trace.csv"), atomically: true, encoding: .utf8)
    let context = SettingsContext(defaults: TestPlanner.files.defaults, currentDirectory: folder)
    var simulated = 0, rejected = 0
    for index in 0..<FuzzRandom.cases(1000) {
      var random = FuzzRandom(suite: "flags", index: index)
      var flags = ["model": random.chance(0.9) ? random.pick(Self.models) : random.string(), "num-requests": "\(random.int(1...30))"]
      for _ in 0..<random.int(0...4) {
        let name = random.pick(Self.names)
        flags[name] = Self.value(for: name, &random, folder: folder)
      }
      var layer = SettingsLayer(origin: .flags)
      for (name, value) in flags { _ = layer.set(name, .text(value)) }
      let name = fuzzCaseName("flags", index, flags.sorted { $0.key < $1.key }.map { "--\($0.key) '\($0.value)'" }.joined(separator: " "))
      FuzzCrashReport.begin(name)
      do {
        let settings = try SettingsResolver.resolve(flags: layer, context: context)
        let plan = try Self.environment.plan(settings)
        // Requests and KV blocks beyond these sizes are the engine's memory work (issue 13 items
        // 2 and 6), not parsing: resolve and plan them, but do not simulate them here.
        guard (plan.workload.expectedRequestCount ?? .max) <= 200,
              Double(plan.engine.instances) * Double(plan.engine.totalKVBlocksPerInstance) <= 4e6 else { continue }
        var simulation = try plan.makeSimulation()
        _ = simulation.advance(until: .distantFuture, maxEvents: 200_000)
        simulated += 1
      } catch {
        if ProcessInfo.processInfo.environment["BLIS_FUZZ_DEBUG"] != nil { print("REJECT \(error)") }
        rejected += 1
        let message = String(describing: error)
        #expect(!message.contains("\n") && message.count <= 1000, "not one short line: \(message.prefix(300)) for \(name)")
        #expect(CLIFailure.classify(error) != nil, "unclassified \(type(of: error)) (exit code unknown) for \(name)")
      }
    }
    // The generator must reach both sides, or the suite tests nothing.
    #expect(simulated > 50 && rejected > 50, "simulated \(simulated), rejected \(rejected)")
  }
}
