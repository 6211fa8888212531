import Foundation

/// Costs the kernels of one forward pass over `tokens` tokens on one GPU of a TP group.
///
/// Each kernel takes max(FLOPs ÷ FLOP rate, bytes ÷ byte rate) seconds — for GEMMs the smooth form
/// (t_c^p + t_m^p)^(1/p), p = `gemmRooflineExponent` — and is filed as compute- or memory-bound in a
/// `StepTimeBreakdown`. Rates (all per GPU):
/// - GEMMs: `peak · gemmEfficiency` FLOP/s, where peak is the FP8 rate for models with quantised
///   activations on GPUs that have one, else BF16; weights and activations stream at
///   `bandwidth · memoryEfficiency` B/s. Small-m GEMMs are therefore memory-bound, large ones
///   compute-bound; the crossover is where the GPU's ridge point says.
/// - Prefill attention: `peak_BF16 · attentionPrefillEfficiency · ℓ/(ℓ + attentionPrefillHalfTokens)`,
///   ℓ = keys attended per new token (short chunks run FlashAttention far below peak).
/// - Decode attention: KV bytes at `bandwidth · attentionDecodeEfficiency` B/s.
/// Tensor parallelism splits weights, heads and FFN columns by TP (Megatron layout); KV heads are
/// replicated when K < TP (see `ModelConfig.kvBytesPerToken(perGPUAtTP:)`).
struct RooflineKernels {
  let model: ModelConfig
  let hardware: HardwareSpec
  /// Tensor parallelism as a Double.
  let tp: Double
  /// Tokens through every GEMM this step (prefill chunk tokens + one per decode).
  let tokens: Double
  /// FLOP/s reached by large GEMMs.
  let gemmFlopsPerSecond: Double
  /// Peak FLOP/s of 16-bit attention.
  let attentionPeakFlopsPerSecond: Double
  /// B/s for weights and activations.
  let streamBytesPerSecond: Double
  /// B/s for KV-cache reads in attention.
  let kvBytesPerSecond: Double

  init(model: ModelConfig, hardware: HardwareSpec, tensorParallelism: Int, tokens: Double) {
    self.model = model; self.hardware = hardware; self.tp = Double(tensorParallelism); self.tokens = tokens
    let peakTFlops = model.quantizedActivations && hardware.tflopsFP8 > 0 ? hardware.tflopsFP8 : hardware.tflopsBF16
    gemmFlopsPerSecond = peakTFlops * 1e12 * hardware.gemmEfficiency
    attentionPeakFlopsPerSecond = hardware.tflopsBF16 * 1e12
    streamBytesPerSecond = hardware.bandwidthTBps * 1e12 * hardware.memoryEfficiency
    kvBytesPerSecond = hardware.bandwidthTBps * 1e12 * hardware.attentionDecodeEfficiency
  }

  private var d: Double { Double(model.hidden) }
  private var activationBytes: Double { model.dtypeBytes }

  /// A GEMM of `rows` tokens through `params` weights on this GPU, reading `inWidth` and writing
  /// `outWidth` activation elements per row. `weightBytes` overrides `params · weightBytesPerParam`
  /// (MoE: only the experts hit are read). FLOPs = 2·rows·params.
  func gemm(rows: Double, params: Double, inWidth: Double, outWidth: Double, weightBytes: Double? = nil) -> StepTimeBreakdown {
    let flops = 2 * rows * params
    let bytes = (weightBytes ?? params * model.weightBytesPerParam) + rows * (inWidth + outWidth) * activationBytes
    return .blendedKernel(computeSeconds: flops / gemmFlopsPerSecond, memorySeconds: bytes / streamBytesPerSecond,
                          exponent: hardware.gemmRooflineExponent)
  }

  /// A bandwidth-bound elementwise pass touching `elementsPerToken` activation elements per token.
  func elementwise(elementsPerToken: Double) -> StepTimeBreakdown {
    .kernel(computeSeconds: 0, memorySeconds: tokens * elementsPerToken * activationBytes / streamBytesPerSecond)
  }

  /// One layer's attention block without the attention itself: fused QKV projection, O projection,
  /// and the elementwise traffic of two RMSNorms with fused residual add (4·d elements each,
  /// read+write) and RoPE/KV write (2 × the QKV width).
  func attentionProjections() -> StepTimeBreakdown {
    let qkvWidth = model.attentionInputWidth / tp
    var out = gemm(rows: tokens, params: model.attentionInputParams / tp, inWidth: d, outWidth: qkvWidth)
    out += gemm(rows: tokens, params: model.attentionOutputParams / tp,
                inWidth: (Double(model.heads) * Double(model.valueHeadDim)) / tp, outWidth: d)
    out += elementwise(elementsPerToken: 8 * d + 2 * qkvWidth)
    return out
  }


  /// A dense SwiGLU FFN layer: gate+up (2·d·F), down (d·F), SiLU·mul traffic (3·F per token).
  func denseFFN() -> StepTimeBreakdown {
    let f = Double(model.intermediate)
    var out = gemm(rows: tokens, params: 2 * d * f / tp, inWidth: d, outWidth: 2 * f / tp)
    out += gemm(rows: tokens, params: d * f / tp, inWidth: f / tp, outWidth: d)
    out += elementwise(elementsPerToken: 3 * f / tp)
    return out
  }

  /// An MoE FFN layer: top-k routed experts (FLOPs for k experts per token; weights for the expected
  /// number of distinct experts hit, nEff = E·(1 − ((E−k)/E)^tokens) under uniform routing), shared
  /// experts as a dense FFN, and the (replicated) router.
  func moeFFN() -> StepTimeBreakdown {
    guard let e = model.moe else { return StepTimeBreakdown() }
    let experts = Double(e.experts), k = Double(e.expertsPerToken), fe = Double(e.expertIntermediate)
    let distinctExperts = experts * (1 - pow((experts - k) / experts, tokens))
    let expertParams = 3 * d * fe / tp
    var out = gemm(rows: tokens * k, params: expertParams, inWidth: d + fe / tp, outWidth: 2 * fe / tp + d,
                   weightBytes: distinctExperts * expertParams * model.weightBytesPerParam)
    out += .kernel(computeSeconds: 0, memorySeconds: tokens * k * 3 * fe / tp * activationBytes / streamBytesPerSecond)
    if e.sharedIntermediate > 0 {
      let fs = Double(e.sharedIntermediate)
      out += gemm(rows: tokens, params: 3 * d * fs / tp, inWidth: d + fs / tp, outWidth: 2 * fs / tp + d)
      out += elementwise(elementsPerToken: 3 * fs / tp)
    }
    out += gemm(rows: tokens, params: d * experts, inWidth: d, outWidth: experts)
    return out
  }

  /// Embedding gather (d elements per token) and the LM head for `logitsRows` sequences (V·d/TP).
  func embeddingAndLMHead(logitsRows: Double) -> StepTimeBreakdown {
    var out = elementwise(elementsPerToken: d)
    if logitsRows > 0 { out += lmHead(logitsRows: logitsRows) }
    return out
  }

  /// The LM head for `logitsRows` sequences (V·d/TP).
  func lmHead(logitsRows: Double) -> StepTimeBreakdown {
    gemm(rows: logitsRows, params: Double(model.vocab) * d / tp, inWidth: d, outWidth: Double(model.vocab) / tp)
  }

  /// One ring all-reduce of the tokens×d hidden state, µs: each GPU sends and receives
  /// 2·(TP−1)/TP of the message over its link at `interconnectGBps · allReduceEfficiency`, plus a
  /// fixed latency. Zero at TP = 1.
  func allReduceMicros() -> Double {
    guard tp > 1 else { return 0 }
    let messageBytes = tokens * d * activationBytes
    let linkBytesPerSecond = hardware.interconnectGBps * 1e9 * hardware.allReduceEfficiency
    return 2 * (tp - 1) / tp * messageBytes / linkBytesPerSecond * 1e6 + hardware.allReduceLatencyMicros
  }
}
