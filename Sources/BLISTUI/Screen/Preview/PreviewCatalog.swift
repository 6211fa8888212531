// PREVIEW ONLY — a stand-in for the real model registry (model_configs/ + defaults.yaml +
// hardware_config.json) so the TUI is demoable before the engine lands. The lead replaces this
// with the real catalog and validator; nothing outside Screen/Preview/ depends on its contents.

/// Shape of a model, as far as the preview needs it.
struct PreviewModelSpec: Sendable, Hashable {
  var id: String
  var parameterCountBillions: Double
  var attentionHeads: Int
  var keyValueHeads: Int
  var layers: Int
  var headDimension: Int

  /// KV-cache bytes per token over the whole model (K and V, bf16).
  var kvBytesPerToken: Double { Double(2 * layers * keyValueHeads * headDimension * 2) }
  var weightBytes: Double { parameterCountBillions * 1e9 * 2 }
}

/// Peaks of a GPU, as far as the preview needs them.
struct PreviewGPUSpec: Sendable, Hashable {
  var name: String
  var memoryBytes: Double
  var peakFlopsPerSecond: Double
  var memoryBandwidthBytesPerSecond: Double
}

/// The preview's built-in catalog and validator.
struct PreviewCatalog: ScenarioValidator {
  static let models: [PreviewModelSpec] = [
    .init(id: "meta-llama/llama-3.1-8b-instruct", parameterCountBillions: 8.0, attentionHeads: 32, keyValueHeads: 8,
          layers: 32, headDimension: 128),
    .init(id: "meta-llama/llama-3.1-70b-instruct", parameterCountBillions: 70.6, attentionHeads: 64, keyValueHeads: 8,
          layers: 80, headDimension: 128),
    .init(id: "qwen/qwen2.5-7b-instruct", parameterCountBillions: 7.6, attentionHeads: 28, keyValueHeads: 4,
          layers: 28, headDimension: 128),
    .init(id: "qwen/qwen2.5-32b-instruct", parameterCountBillions: 32.8, attentionHeads: 40, keyValueHeads: 8,
          layers: 64, headDimension: 128),
    .init(id: "mistralai/mistral-7b-instruct-v0.3", parameterCountBillions: 7.2, attentionHeads: 32, keyValueHeads: 8,
          layers: 32, headDimension: 128),
    .init(id: "ibm-granite/granite-3.1-8b-instruct", parameterCountBillions: 8.2, attentionHeads: 32, keyValueHeads: 8,
          layers: 40, headDimension: 128),
  ]
  static let gpus: [PreviewGPUSpec] = [
    .init(name: "H100", memoryBytes: 80e9, peakFlopsPerSecond: 989e12, memoryBandwidthBytesPerSecond: 3.35e12),
    .init(name: "A100-80", memoryBytes: 80e9, peakFlopsPerSecond: 312e12, memoryBandwidthBytesPerSecond: 2.039e12),
    .init(name: "L40S", memoryBytes: 48e9, peakFlopsPerSecond: 362e12, memoryBandwidthBytesPerSecond: 0.864e12),
  ]
  /// (model, GPU, TP) tuples the preview pretends to have blackbox coefficients for.
  static let blackboxTuples: Set<String> = [
    "meta-llama/llama-3.1-8b-instruct|H100|1", "meta-llama/llama-3.1-8b-instruct|H100|2",
    "meta-llama/llama-3.1-8b-instruct|H100|4", "meta-llama/llama-3.1-8b-instruct|H100|8",
    "meta-llama/llama-3.1-70b-instruct|H100|4", "meta-llama/llama-3.1-70b-instruct|H100|8",
    "qwen/qwen2.5-7b-instruct|H100|1", "qwen/qwen2.5-7b-instruct|H100|2",
    "meta-llama/llama-3.1-8b-instruct|A100-80|1", "meta-llama/llama-3.1-8b-instruct|A100-80|2",
  ]
  /// Share of GPU memory vLLM may use, and what it keeps back for activations.
  static let memoryUtilization = 0.9
  static let activationReserveBytes = 2e9

  static var catalog: ScenarioCatalog {
    ScenarioCatalog(models: models.map(\.id), hardware: gpus.map(\.name),
                    workloads: ["chatbot", "summarization", "contentgen", "multidoc"],
                    routingPolicies: ["round-robin", "least-loaded"])
  }

  static func model(_ id: String) -> PreviewModelSpec? { models.first { $0.id == id.lowercased() } }
  static func gpu(_ name: String) -> PreviewGPUSpec? { gpus.first { $0.name.lowercased() == name.lowercased() } }

  /// KV bytes left per GPU after weights and activations (negative when the weights do not fit).
  static func freeKVBytesPerGPU(_ model: PreviewModelSpec, _ gpu: PreviewGPUSpec, tensorParallelism: Int) -> Double {
    gpu.memoryBytes * memoryUtilization - activationReserveBytes - model.weightBytes / Double(tensorParallelism)
  }

  func problems(in scenario: Scenario) -> [String] {
    var found: [String] = []
    guard let model = Self.model(scenario.model) else {
      return ["unknown model \"\(scenario.model)\": pick one with Enter on Model"]
    }
    guard let gpu = Self.gpu(scenario.hardware) else {
      return ["unknown GPU \"\(scenario.hardware)\": use one of \(Self.gpus.map(\.name).joined(separator: ", "))"]
    }
    let tp = scenario.tensorParallelism
    if model.attentionHeads % tp != 0 {
      found.append("TP \(tp) does not divide \(model.attentionHeads) attention heads")
    } else if Self.freeKVBytesPerGPU(model, gpu, tensorParallelism: tp) <= 0 {
      let needed = [1, 2, 4, 8, 16, 32, 64].first {
        model.attentionHeads % $0 == 0 && Self.freeKVBytesPerGPU(model, gpu, tensorParallelism: $0) > 0
      }
      found.append("does not fit at TP\(tp) on \(gpu.name)" + (needed.map { ": needs TP ≥ \($0)" } ?? ""))
    }
    if !(scenario.rateRequestsPerSecond > 0) { found.append("rate must be > 0 req/s") }
    if scenario.numRequests < 1 { found.append("requests must be ≥ 1") }
    return found
  }
}
