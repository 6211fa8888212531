/// Analytical step time from a model's shape and a GPU's peaks ("roofline v2").
///
/// One engine step is one forward pass over every token scheduled in it: the weights are read once,
/// the FLOPs of all requests are done together. The step is a sum of kernels; each kernel takes the
/// larger of its FLOP time (FLOPs ÷ (peak · efficiency)) and its byte time (bytes ÷ (bandwidth ·
/// efficiency)). Kernels per layer: the fused QKV projection, attention, the O projection, gate+up
/// and down (3-matrix SwiGLU; for MoE layers top-k experts' FLOPs and the expected distinct experts'
/// weights), and the elementwise traffic of norms, RoPE and SiLU. Once per step: embedding gather
/// and the LM head for `BatchShape.logitsRows` rows. Then a fixed overhead per layer and per step,
/// and at TP > 1 two ring all-reduces per layer.
///
/// All efficiencies are per-GPU fields of `HardwareSpec` (never per model). Units: FLOPs, bytes,
/// seconds internally; results in microseconds.
public struct RooflineModel: LatencyModel {
  public let model: ModelConfig
  public let hardware: HardwareSpec
  /// Tensor-parallel degree (GPUs per instance), ≥ 1.
  public let tensorParallelism: Int
  /// Name shown in `summary`.
  public let modelName: String
  /// Per-step attention constants (attention is costed on every step, so it avoids rebuilding
  /// `RooflineKernels` from the whole config each time).
  let attentionCosts: AttentionCosts

  public init(model: ModelConfig, hardware: HardwareSpec, tensorParallelism: Int = 1, modelName: String = "model") {
    precondition(tensorParallelism >= 1, "tensor parallelism must be ≥ 1")
    self.model = model; self.hardware = hardware
    self.tensorParallelism = tensorParallelism; self.modelName = modelName
    attentionCosts = AttentionCosts(RooflineKernels(model: model, hardware: hardware, tensorParallelism: tensorParallelism,
                                                    tokens: 0))
  }

  public func stepTime(for batch: BatchShape) -> SimDuration {
    guard !batch.isEmpty else { return SimDuration(microseconds: 1) }
    return separableStepTime(tokenCountMicros: tokenCountMicros(batch.totalNewTokens),
                             logitsMicros: logitsMicros(batch.logitsRows), batchMicros: attentionCosts.allLayersMicros(batch))
  }

  public func unroundedStepMicros(for batch: BatchShape) -> Double { breakdown(for: batch).totalMicros }

  public var summary: String { "roofline: \(modelName) on \(hardware.name) TP\(tensorParallelism)" }
}
