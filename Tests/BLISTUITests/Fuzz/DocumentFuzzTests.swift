import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// Every input parser against thousands of generated documents (random, and valid ones mutated:
/// hostile numbers, broken structure, deep nesting, duplicate lines, BOMs, CRLFs, unicode, huge
/// fields). Properties: no crash; an error is one line of at most 1000 characters; and what parses
/// is usable — a spec or trace simulates, a model config or GPU gives finite step times, step
/// measurements fit or fail cleanly.
@Suite(.serialized) struct DocumentFuzzTests {
  /// One parser under test: its seed documents and what to do with a parsed result.
  struct Target: Sendable, CustomStringConvertible {
    var name: String
    var seeds: @Sendable () throws -> [String]
    /// Parses (and, for what parses, exercises) one document; throws the parser's error.
    var check: @Sendable (String) throws -> Void
    var description: String { name }
  }

  static let engine = EngineConfiguration(totalKVBlocksPerInstance: 4000, horizon: SimTime(seconds: 3600))
  static let h100 = HardwareSpec(name: "H100", tflopsBF16: 989.5, bandwidthTBps: 3.35, memoryGiB: 80)

  static func file(_ path: String, lines: Int? = nil) throws -> String {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    guard let lines else { return text }
    return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n")
  }

  /// A spec that parsed, capped to a few requests, simulated to the end.
  static func simulate(_ workload: Workload) throws {
    var simulation = try Simulation(configuration: engine, latencyModel: AffineLatencyModel(), workload: workload)
    let report = simulation.run()
    #expect(report.cluster.completedRequests <= 40)
  }

  static let targets: [Target] = [
    Target(name: "workload spec YAML", seeds: {
      ["rate: 5\nnum_requests: 20\nprompt_tokens: {dist: normal, mean: 100, stdev: 30, min: 1, max: 400}\noutput_tokens: 20\n",
       "seed: 7\narrival: gamma\ncv: 2\nstages:\n  - {rate: 8, duration_s: 2}\n  - {rate: 20, duration_s: 1, arrival: constant}\nprompt_tokens: {dist: empirical, values: [10, 20], weights: [1, 3]}\noutput_tokens: {dist: uniform, min: 1, max: 9}\nshared_prefix: {groups: 2, prompts_per_group: 3, prefix_tokens: 50}\n",
       "preset: chatbot\nrate: 3.5\nnum_requests: 10\n"]
    }, check: { text in
      var spec = try WorkloadSpec(yaml: text)
      spec.numRequests = min(spec.numRequests ?? 40, 40)
      try simulate(.synthetic(try spec.validated()))
    }),
    Target(name: "run settings --config", seeds: {
      ["model: meta-llama/llama-3.1-8b-instruct\nlatency_model: roofline\nhardware: H100\ntp: 2\nnum_instances: 4\nrate: 100\nmax-num-running-reqs: 128\nbeta_coeffs: [1, 2, 3]\n"]
    }, check: { text in
      let layer = try SettingsFile.parse(text, path: "run.yaml")
      _ = try SettingsResolver.resolve(flags: SettingsLayer(origin: .flags), file: layer)
    }),
    Target(name: "defaults.yaml", seeds: { [try file("defaults.yaml", lines: 18) + "\nmodels:\n" + (try file("defaults.yaml")).split(separator: "\n").filter { $0.hasPrefix("  - {id: meta-llama/llama-3.1-8b") }.prefix(2).joined(separator: "\n") + "\n"] },
           check: { text in
      let defaults = try DefaultsFile.parse(text)
      for row in defaults.models { _ = try? BlackboxModel(coefficients: BlackboxCoefficients(alpha: row.alphaCoeffs, beta: row.betaCoeffs)) }
    }),
    Target(name: "serving_profiles.yaml", seeds: { [try file("serving_profiles.yaml")] }, check: { text in
      let catalog = try ServingProfileCatalog.parse(text, source: "sp.yaml")
      for profile in catalog.profiles { _ = profile.stack(tensorParallelism: 2) }
    }),
    Target(name: "config.json", seeds: {
      [try file("model_configs/llama-3.1-8b-instruct/config.json"), try file("model_configs/deepseek-v2-lite/config.json"),
       try file("model_configs/qwen3-30b-a3b/config.json")]
    }, check: { text in
      let config = try ModelConfig.parse(data: Data(text.utf8), source: "config.json")
      let roofline = RooflineModel(model: config, hardware: h100)
      let micros = roofline.unroundedStepMicros(for: StepTimeBound.largestBatch(maxNumBatchedTokens: 2048, maxNumSeqs: 256, maxContextTokens: 8192))
      #expect(micros.isFinite && micros > 0, "step \(micros) µs for \(config)")
      _ = try? KVCapacity.compute(model: config, hardware: h100, tensorParallelism: 1)
    }),
    Target(name: "hardware_config.json", seeds: { [try file("hardware_config.json")] }, check: { text in
      let catalog = try HardwareCatalog.parse(data: Data(text.utf8), source: "hw.json")
      let config = try ModelConfig.parse(data: Data(try file("model_configs/llama-3.1-8b-instruct/config.json").utf8), source: "c")
      for spec in catalog.specs {
        let micros = RooflineModel(model: config, hardware: spec).unroundedStepMicros(for: BatchShape(decodeCount: 64, decodeContextTokensSum: 64 * 1000))
        #expect(micros.isFinite && micros > 0, "\(spec.name): step \(micros) µs")
      }
    }),
    Target(name: "trace CSV", seeds: {
      ["arrival_s,prompt_tokens,output_tokens,prefix_group,prefix_tokens\n0.000,612,180,3,512\n0.041,530,95,3,512\n1.5,20,4,0,0\n",
       "# comment\n0,5,5\n\n0.5,6,6\n2,700,80\n"]
    }, check: { text in try simulate(.trace(try TraceWorkload(csv: text).prefix(40))) }),
    Target(name: "steps CSV", seeds: {
      ["prefill_tokens,decode_tokens,decode_context_sum,step_us\n512,0,0,9000\n0,32,65536,7000\n128,16,8000,8000\n2048,0,0,30000\n0,128,300000,12000\n64,64,64000,9500\n"]
    }, check: { text in
      let samples = try StepCSVReader.parse(text)
      if let fit = try? BlackboxFitter.fit(samples, form: .extended) { #expect(fit.beta.allSatisfy { $0.isFinite && $0 >= 0 }) }
    }),
    Target(name: "stepbench JSONL", seeds: {
      let lines = try file("Tests/BLISSimTests/Fixtures/h100.jsonl").split(separator: "\n")
      return [lines.filter { $0.contains("\"mode\": \"graph\"") }.prefix(12).joined(separator: "\n")]
    }, check: { text in
      let steps = try StepBenchReader.parse(text)
      let samples = steps.enumerated().map { CalibrationSample(kind: $1.kind, batch: $1.batch, prefillShapeKnown: true, measuredMicros: $1.measuredMicros, line: $0 + 1) }
      if let fit = try? BlackboxFitter.fit(samples, form: .reference) { #expect(fit.beta.allSatisfy { $0.isFinite && $0 >= 0 }) }
    }),
    Target(name: "vLLM benchmark result JSON", seeds: {
      let folder = repositoryRoot.appendingPathComponent("Tests/BLISSimTests/Fixtures/vllm-bench")
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
      return try names.prefix(2).map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }, check: { text in _ = try BenchmarkResult(json: Data(text.utf8), source: "result.json") }),
    Target(name: "steptime --batches", seeds: {
      [#"{"id": "a", "prefill": [{"context": 0, "tokens": 512}], "decode": [{"context": 2047, "count": 32}]}"# + "\n"
        + #"{"id": 7, "prefill": [{"context": 100, "tokens": 64, "last": false}]}"#]
    }, check: { text in
      let model = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: [6000, 10, 14, 0.05, 0.001, 13, 364]))
      for request in try SteptimeInput.parse(text) { #expect(model.unroundedStepMicros(for: request.batch).isFinite) }
    }),
  ]

  /// 200 documents per parser (2,200 in all): a quarter random, the rest mutated seeds.
  @Test(arguments: targets)
  func parserSurvivesHostileDocuments(target: Target) throws {
    let seeds = try target.seeds()
    for index in 0..<FuzzRandom.cases(200) {
      var random = FuzzRandom(suite: target.name, index: index)
      let document = random.chance(0.25) ? random.randomDocument() : random.mutate(random.pick(seeds))
      let name = fuzzCaseName(target.name, index, document)
      FuzzCrashReport.begin(name)
      do { try target.check(document) } catch {
        let message = String(describing: error)
        #expect(!message.contains("\n") && message.count <= 1000,
                "error is not one short line (\(message.count) characters: \(message.prefix(300))) for \(name)")
        #expect(CLIFailure.classify(error) != nil, "unclassified error \(type(of: error)) (exit code unknown) for \(name)")
      }
    }
  }

  /// The seeds themselves are valid, so the mutations start from real documents.
  @Test(arguments: targets)
  func seedDocumentsParse(target: Target) throws {
    for seed in try target.seeds() { try target.check(seed) }
  }
}
