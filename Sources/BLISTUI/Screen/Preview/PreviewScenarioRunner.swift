// PREVIEW ONLY — a fake engine so the TUI is demoable before BLISSim's cluster simulation lands.
// It is a deliberately small continuous-batching queueing model, not BLIS's engine; the lead
// replaces `PreviewScenarioRunner` with a runner that wraps the real `Simulation`.
import BLISSim

/// Makes `PreviewRun`s: roofline-like and blackbox-like step times over a tiny batching model.
struct PreviewScenarioRunner: ScenarioRunner {
  func makeRun(_ scenario: Scenario, latency: LatencyKind) -> Result<any SteppableRun, ScenarioUnavailable> {
    guard let model = PreviewCatalog.model(scenario.model), let gpu = PreviewCatalog.gpu(scenario.hardware) else {
      return .failure(ScenarioUnavailable(reason: "unknown model or GPU"))
    }
    let tp = scenario.tensorParallelism
    if latency == .blackbox, !PreviewCatalog.blackboxTuples.contains("\(model.id)|\(gpu.name)|\(tp)") {
      let shortModel = model.id.split(separator: "/").last.map(String.init) ?? model.id
      return .failure(ScenarioUnavailable(
        reason: "no coefficients for \(shortModel)/\(gpu.name)/TP\(tp) — try blis calibrate or roofline"))
    }
    let freeBytes = PreviewCatalog.freeKVBytesPerGPU(model, gpu, tensorParallelism: tp)
    let bytesPerTokenPerGPU = model.kvBytesPerToken / Double(min(tp, model.keyValueHeads))
    let blocks = max(16, Int(freeBytes / bytesPerTokenPerGPU / Double(PreviewRun.blockSizeTokens)))
    let stepModel = PreviewStepModel(model: model, gpu: gpu, tensorParallelism: tp, kind: latency)
    return .success(PreviewRun(scenario: scenario, stepModel: stepModel, kvBlocksPerInstance: blocks))
  }
}

/// Step time of a batch: roofline-like max(compute, memory) or a blackbox-like linear fit.
struct PreviewStepModel: Sendable {
  var model: PreviewModelSpec
  var gpu: PreviewGPUSpec
  var tensorParallelism: Int
  var kind: LatencyKind

  /// Microseconds for a step with `prefillTokens` new prompt tokens and `decodeTokens` decodes
  /// reading `contextTokens` cached tokens.
  func stepMicros(prefillTokens: Int, decodeTokens: Int, contextTokens: Int) -> Int64 {
    let tp = Double(tensorParallelism)
    let tokens = Double(prefillTokens + decodeTokens)
    let computeSeconds = 2 * model.parameterCountBillions * 1e9 * tokens / (tp * gpu.peakFlopsPerSecond * 0.55)
    let memorySeconds = (model.weightBytes / tp + Double(contextTokens) * model.kvBytesPerToken / tp)
      / (gpu.memoryBandwidthBytesPerSecond * 0.8)
    let communicationSeconds = tensorParallelism > 1 ? Double(model.layers) * 8e-6 : 0
    let roofline = max(computeSeconds, memorySeconds) + communicationSeconds
    switch kind {
    case .roofline: return max(1, Int64(roofline * 1e6))
    case .blackbox:   // fitted-looking: a fixed per-step cost plus slightly steeper token terms
      return max(1, Int64((roofline * 1.18 + 0.0011 + Double(decodeTokens) * 2e-6) * 1e6))
    }
  }
}
