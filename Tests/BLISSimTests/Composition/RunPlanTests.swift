import Foundation
import Testing
@testable import BLISSim

/// The repository root (holds defaults.yaml, hardware_config.json, model_configs/).
private let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

private func plan(_ values: [RunOptionKey: RunOptionValue], kind: ResolvedRunOptions.LatencyModelChoice) throws -> RunPlan {
  let files = try DataFiles.load(directory: repoRoot)
  var layer = RunOptionLayer(origin: .flags)
  for (k, v) in values { layer.set(k, v) }
  var rows: [String: RunOptionsContext.ModelDefaults] = [:]
  for (id, d) in files.defaults.defaults { rows[id] = .init(gpu: d.gpu, tensorParallelism: d.tensorParallelism) }
  let options = try RunOptionsResolver.resolve(flags: layer, file: nil, context: RunOptionsContext(modelDefaults: rows))
  // No network in tests: an unreachable endpoint makes any fetch fail fast.
  let resolver = ModelConfigResolver(dataDirectory: repoRoot, hub: HuggingFaceHub(endpoint: URL(string: "http://127.0.0.1:9")!),
                                     knownModelIDs: files.canonicalModelIDs)
  return try RunPlan.make(options: options, kind: kind, files: files, resolver: resolver)
}

@Test func issueExampleRunsWithBothModels() throws {
  let base: [RunOptionKey: RunOptionValue] = [
    .model: .string("meta-llama/llama-3.1-8b-instruct"), .hardware: .string("H100"), .tp: .integer(2),
    .numInstances: .integer(4), .rate: .number(100), .numRequests: .integer(500),
  ]
  let roofline = try plan(base, kind: .roofline)
  #expect(roofline.engine.instances == 4)
  var sim = try roofline.makeSimulation()
  let report = sim.run()
  #expect(report.cluster.completedRequests == 500)
  #expect(report.cluster.ttft.p99Ms > report.cluster.ttft.p50Ms)
  // The same KV capacity for both step-time models: it is a property of the model on the GPU.
  let blackbox = try plan(base, kind: .blackbox)
  #expect(blackbox.latency.kvBlocksPerInstance == roofline.latency.kvBlocksPerInstance)
  var bsim = try blackbox.makeSimulation()
  #expect(bsim.run().cluster.completedRequests == 500)
}

@Test func blackboxWithoutCoefficientsSuggestsRoofline() throws {
  let values: [RunOptionKey: RunOptionValue] = [
    .model: .string("meta-llama/llama-3.1-8b-instruct"), .hardware: .string("L40S"), .tp: .integer(1),
  ]
  #expect {
    _ = try plan(values, kind: .blackbox)
  } throws: { error in
    "\(error)".contains("--roofline") && "\(error)".contains("L40S")
  }
}

@Test func tensorParallelismMustDivideHeads() throws {
  let values: [RunOptionKey: RunOptionValue] = [.model: .string("meta-llama/llama-3.1-8b-instruct"), .tp: .integer(3)]
  #expect {
    _ = try plan(values, kind: .roofline)
  } throws: { error in
    "\(error)".contains("--tp 3") && "\(error)".contains("1, 2, 4, 8")
  }
}

@Test func implausibleBlackboxRowsAreFlagged() throws {
  func warnings(tp: Int) throws -> [String] {
    try plan([.model: .string("meta-llama/llama-3.1-8b-instruct"), .hardware: .string("H100"), .tp: .integer(tp)],
             kind: .blackbox).latency.warnings
  }
  // The reference's TP4 row predicts a 1-request decode step of ~47 µs; the weights alone take ~2 ms.
  #expect(try warnings(tp: 4).contains { $0.contains("TP4") && $0.contains("blis calibrate") })
  // The calibrated TP1 row is physical.
  #expect(try warnings(tp: 1).isEmpty)
}

@Test func maxModelLenDefaultsToTheModelsContextLength() throws {
  let model: [RunOptionKey: RunOptionValue] = [.model: .string("meta-llama/llama-2-7b-hf"), .hardware: .string("H100")]
  // Llama-2 was trained for 4096 positions: vLLM's default max_model_len.
  #expect(try plan(model, kind: .roofline).engine.maxModelLen == 4096)
  var explicit = model
  explicit[.maxModelLen] = .integer(2048)
  #expect(try plan(explicit, kind: .roofline).engine.maxModelLen == 2048)
}
