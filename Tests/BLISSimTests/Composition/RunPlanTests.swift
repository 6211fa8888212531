import Foundation
import Testing
@testable import BLISSim

/// The repository root (holds defaults.yaml, hardware_config.json, model_configs/).
private let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

private func plan(_ values: [String: String], kind: LatencyModelChoice?) throws -> RunPlan {
  let files = try DataFiles.load(directory: repoRoot)
  let settings = try SettingsResolver.resolve(flags: flagLayer(values), context: SettingsContext(defaults: files.defaults))
  // No network in tests: an unreachable endpoint makes any fetch fail fast.
  let resolver = ModelConfigResolver(dataDirectory: repoRoot, hub: HuggingFaceHub(endpoint: URL(string: "http://127.0.0.1:9")!))
  return try RunPlan.make(settings, kind: kind, files: files, resolver: resolver)
}

@Test func issueExampleRunsWithBothModels() throws {
  let base = [
    "model": "meta-llama/llama-3.1-8b-instruct", "hardware": "H100", "tp": "2", "num-instances": "4", "rate": "100",
    "num-requests": "500",
  ]
  let roofline = try plan(base, kind: .roofline)
  #expect(roofline.engine.instances == 4)
  var sim = try roofline.makeSimulation()
  let report = sim.run()
  #expect(report.cluster.completedRequests == 500)
  #expect(report.cluster.ttft.p99Ms > report.cluster.ttft.p50Ms)
  // The same KV capacity for both step-time models: it is a property of the model on the GPU.
  let blackbox = try plan(base, kind: .blackbox)
  #expect(blackbox.deployment.kvBlocksPerInstance == roofline.deployment.kvBlocksPerInstance)
  #expect(roofline.deployment.provenance.kvBlocks == .gpuMemory(utilization: 0.9))
  #expect(blackbox.deployment.provenance.stepTime == .coefficientRow(model: "meta-llama/llama-3.1-8b-instruct", gpu: "H100", tensorParallelism: 2))
  var bsim = try blackbox.makeSimulation()
  #expect(bsim.run().cluster.completedRequests == 500)
}

@Test func blackboxWithoutCoefficientsSuggestsRoofline() throws {
  let values = ["model": "meta-llama/llama-3.1-8b-instruct", "hardware": "L40S", "tp": "1"]
  #expect {
    _ = try plan(values, kind: .blackbox)
  } throws: { error in
    "\(error)".contains("--roofline") && "\(error)".contains("L40S")
  }
}

@Test func tensorParallelismMustDivideHeads() throws {
  let values = ["model": "meta-llama/llama-3.1-8b-instruct", "tp": "3"]
  // The same one-line error for every step-time model (blackbox checks a local config first).
  for kind in [LatencyModelChoice.roofline, .blackbox] {
    #expect {
      _ = try plan(values, kind: kind)
    } throws: { error in
      "\(error)" == "--tp '3' is invalid: expected a TP that divides the model's 32 attention heads, "
        + "with its 8 KV heads split or replicated evenly: 1, 2, 4, 8, 16, 32"
    }
  }
}

@Test func implausibleBlackboxRowsAreFlagged() throws {
  func warnings(tp: Int) throws -> [RunWarning] {
    try plan(["model": "meta-llama/llama-3.1-8b-instruct", "hardware": "H100", "tp": "\(tp)"], kind: .blackbox).warnings
  }
  // The reference's TP4 row predicts a 1-request decode step of ~47 µs; the weights alone take ~2 ms.
  let tp4 = try warnings(tp: 4)
  guard case .unphysicalBlackbox(_, let gpu, let tp, let fitted, let physical)? = tp4.first else {
    Issue.record("TP4 row not flagged: \(tp4)")
    return
  }
  #expect(gpu == "H100" && tp == 4 && fitted * 2 < physical)
  // The calibrated TP1 row is physical.
  #expect(try warnings(tp: 1).isEmpty)
}

@Test func chunkedPrefillIsCarriedIntoTheEngineConfiguration() throws {
  let model = ["model": "meta-llama/llama-3.1-8b-instruct", "hardware": "H100"]
  #expect(try plan(model, kind: .roofline).engine.chunkedPrefill)
  #expect(try !plan(model.merging(["enable-chunked-prefill": "false"]) { _, b in b }, kind: .roofline).engine.chunkedPrefill)
}

@Test func maxModelLenDefaultsToTheModelsContextLength() throws {
  let model = ["model": "meta-llama/llama-2-7b-hf", "hardware": "H100"]
  // Llama-2 was trained for 4096 positions: vLLM's default max_model_len.
  #expect(try plan(model, kind: .roofline).engine.maxModelLen == 4096)
  var explicit = model
  explicit["max-model-len"] = "2048"
  #expect(try plan(explicit, kind: .roofline).engine.maxModelLen == 2048)
}

@Test func blackboxByDefaultFallsBackToRooflineOnlyWhenEverythingRooflineNeedsWasGiven() throws {
  let folder = repoRoot.appendingPathComponent("model_configs/qwen2.5-7b-instruct").path
  let hardware = repoRoot.appendingPathComponent("hardware_config.json").path
  let custom = ["model": "my-custom-model", "model-config-folder": folder, "hardware-config": hardware, "hardware": "H100", "tp": "4"]
  let fallback = try plan(custom, kind: nil)
  #expect(fallback.kind == .roofline)
  #expect(fallback.warnings.first == .implicitRoofline(model: "my-custom-model", gpu: "H100", tensorParallelism: 4))
  // Without an explicit TP the user did not describe a roofline deployment: the blackbox error stands.
  #expect(throws: DeploymentError.self) { try plan(custom.filter { $0.key != "tp" }, kind: nil) }
  // Asking for blackbox explicitly is an error too.
  #expect(throws: DeploymentError.self) { try plan(custom.merging(["latency-model": "blackbox"]) { _, b in b }, kind: nil) }
}
