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

  static let integers = [0, -1, 1, 2, 3, 7, 8, 16, 64, 65, 100, 256, 4096, 4097, 65_536, 65_537, 100_000_000, 100_000_001,
                         1_000_000_000, 1_000_000_001, 1 << 31, 1 << 62, Int.max, Int.min, -(1 << 62)]
  static let doubles = [0, -0.0, -1, 1e-300, 1e-12, 1e-7, 1e-6, 0.001, 0.5, 0.9, 1, 1.5, 3, 100, 1e6, 1e9, 1e10, 1.1e10,
                        9.3e12, 1e17, 1e300, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -.infinity, .nan]
  static let models = ["meta-llama/llama-3.1-8b-instruct", "meta-llama/llama-3.1-8b-instruct", "meta-llama/llama-3.1-8b-instruct",
                       "meta-llama/llama-3.1-70b-instruct", "qwen/qwen3-14b", "mixtral-8x7b-v0.1", "deepseek-v2-lite",
                       "evil/llama-3.1-8b-instruct", "no-such-model"]
  /// Settings that write files or print are the binary suite's; the rest are fair game here.
  static let keys = RunOptionKey.allCases.filter { ![.resultsPath, .requestsOut, .json, .quiet].contains($0) }

  static func value(for key: RunOptionKey, _ random: inout FuzzRandom, folder: URL) -> RunOptionValue {
    switch key.kind {
    case .integer: return .integer(random.chance(0.7) ? random.pick(integers) : random.int(1...300))
    case .number: return .number(random.chance(0.7) ? random.pick(doubles) : Double(random.int(1...300)) / 3)
    case .bool: return .bool(random.chance(0.5))
    case .string: return .string(random.chance(0.5) ? random.string() : random.pick(["H100", "h200", "chatbot", "round-robin", "least-kv", "vllm-0.14"]))
    case .choice(let allowed): return .string(random.chance(0.7) ? random.pick(allowed) : random.string())
    case .coefficients:
      let values = (0..<random.int(0...8)).map { _ in random.chance(0.5) ? random.number() : "\(random.int(0...20000))" }
      return random.chance(0.5) ? .string(values.joined(separator: ",")) : .numbers(values.compactMap(Double.init))
    case .inputFile, .inputFolder, .outputFile:
      return .string(random.pick(FuzzRandom.paths(in: folder) + [folder.appendingPathComponent("spec.yaml").path,
                                                                 folder.appendingPathComponent("trace.csv").path]))
    }
  }

  @Test func runSettingsNeverCrashAndFailInOneClassifiedLine() throws {
    let folder = try makeTemporaryFolder("blis-flag-fuzz")
    defer { try? FileManager.default.removeItem(at: folder) }
    try "rate: 5\nnum_requests: 20\nprompt_tokens: 100\noutput_tokens: 20\n".write(to: folder.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
    try "0,100,20\n0.5,200,10,1,50\n".write(to: folder.appendingPathComponent("trace.csv"), atomically: true, encoding: .utf8)
    var context = Self.environment.context()
    context.currentDirectory = folder
    var simulated = 0, rejected = 0
    for index in 0..<FuzzRandom.cases(1000) {
      var random = FuzzRandom(suite: "flags", index: index)
      var layer = RunOptionLayer(origin: .flags)
      layer.set(.model, .string(random.chance(0.9) ? random.pick(Self.models) : random.string()))
      layer.set(.numRequests, .integer(random.int(1...30)))
      for _ in 0..<random.int(1...5) {
        let key = random.pick(Self.keys)
        layer.set(key, Self.value(for: key, &random, folder: folder))
      }
      let name = fuzzCaseName("flags", index, layer.values.sorted { $0.key < $1.key }.map { "\($0.key.flag) \($0.value)" }.joined(separator: " "))
      FuzzCrashReport.begin(name)
      do {
        let options = try RunOptionsResolver.resolve(flags: layer, context: context)
        let plan = try Self.environment.plan(options)
        // Requests and KV blocks beyond these sizes are the engine's memory work (issue 13 items
        // 2 and 6), not parsing: resolve and plan them, but do not simulate them here.
        guard (plan.workload.expectedRequestCount ?? .max) <= 200,
              Double(plan.engine.instances) * Double(plan.engine.totalKVBlocksPerInstance) <= 4e6 else { continue }
        var simulation = try plan.makeSimulation()
        _ = simulation.advance(until: .distantFuture, maxEvents: 200_000)
        simulated += 1
      } catch {
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
