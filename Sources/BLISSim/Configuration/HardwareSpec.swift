/// One GPU type: its datasheet peaks plus the efficiencies and overheads the roofline uses.
///
/// Only `tflopsBF16`, `bandwidthTBps` and `memoryGiB` are required in `hardware_config.json`; every
/// other field has the default documented here (calibrated on H100/H200 measurements of vLLM-style
/// steps, `scripts/calibrate_roofline.py`). Efficiencies are fractions of the datasheet peak, in (0, 1].
public struct HardwareSpec: Sendable, Equatable, Codable {
  /// Canonical name, e.g. "H100".
  public var name: String
  /// Dense BF16 tensor-core peak, TFLOP/s (no sparsity).
  public var tflopsBF16: Double
  /// Dense FP8 tensor-core peak, TFLOP/s; 0 = no native FP8 (quantised GEMMs then run at the BF16 rate).
  public var tflopsFP8: Double
  /// HBM (device memory) peak bandwidth, TB/s (10¹² B/s).
  public var bandwidthTBps: Double
  /// Device memory usable by CUDA, GiB (2³⁰ B) — `torch.cuda.get_device_properties().total_memory`.
  public var memoryGiB: Double

  /// Fraction of the tensor-core peak that large GEMMs reach (m ≥ 512 tokens). Default 0.68
  /// (H100: cuBLAS bf16 linears at m ≥ 1024 ran at a median 673 TFLOP/s of 989.5).
  public var gemmEfficiency: Double
  /// Exponent p of the smooth roofline used for GEMMs: t = (t_compute^p + t_memory^p)^(1/p).
  /// Near the ridge point a GEMM neither streams at full bandwidth nor computes at full rate, so
  /// plain max(t_compute, t_memory) under-predicts it by ~10 %; large p approaches max(). Default 4
  /// (fits the H100/H200 linear-layer and step measurements).
  public var gemmRooflineExponent: Double
  /// Fraction of HBM peak reached when streaming weights (GEMV, small-m GEMMs, elementwise kernels).
  /// Default 0.80 (H100/H200: the 1 GB LM-head GEMV at m = 1 ran at 0.78–0.80 of peak).
  public var memoryEfficiency: Double
  /// Fraction of HBM peak reached by decode attention reading the KV cache. Default 0.72 (H100 fit: 0.73);
  /// on H200 the same kernel is SM-bound at ~2.5 TB/s, i.e. 0.52 of its 4.8 TB/s.
  public var attentionDecodeEfficiency: Double
  /// Asymptotic fraction of the tensor-core peak of causal prefill attention (FlashAttention-2). Default 0.42.
  public var attentionPrefillEfficiency: Double
  /// Attended length (tokens) at which prefill attention reaches half its asymptotic efficiency:
  /// efficiency(ℓ) = attentionPrefillEfficiency · ℓ / (ℓ + this). Default 1150 tokens.
  public var attentionPrefillHalfTokens: Double
  /// GPU time per transformer layer not explained by bytes or FLOPs: the ~10 kernels of a layer each
  /// pay a ramp-up/tail of ~2 µs even inside a CUDA graph. Default 18.6 µs (fits: H100 18.7, H200 18.4).
  public var layerOverheadMicros: Double
  /// Fixed GPU time per step (graph launch, embedding, sampling-free epilogue). Default 20 µs.
  public var stepOverheadMicros: Double

  /// Per-GPU, per-direction link bandwidth for tensor-parallel all-reduce, GB/s (NVLink 4: 450).
  public var interconnectGBps: Double
  /// Fraction of `interconnectGBps` a ring all-reduce achieves (NCCL bus bandwidth ≈ 0.8 of link). Default 0.8.
  public var allReduceEfficiency: Double
  /// Fixed latency of one all-reduce, µs (vLLM's custom all-reduce on NVLink ≈ 8 µs). Default 8.
  public var allReduceLatencyMicros: Double

  /// Typical public-cloud on-demand price of one GPU-hour, USD (0 = unknown). Used by cost planning.
  public var gpuHourUSD: Double

  public init(name: String, tflopsBF16: Double, tflopsFP8: Double = 0, bandwidthTBps: Double, memoryGiB: Double,
              gemmEfficiency: Double = 0.68, gemmRooflineExponent: Double = 4, memoryEfficiency: Double = 0.80, attentionDecodeEfficiency: Double = 0.72,
              attentionPrefillEfficiency: Double = 0.42, attentionPrefillHalfTokens: Double = 1150,
              layerOverheadMicros: Double = 18.6, stepOverheadMicros: Double = 20,
              interconnectGBps: Double = 450, allReduceEfficiency: Double = 0.8, allReduceLatencyMicros: Double = 8,
              gpuHourUSD: Double = 0) {
    self.name = name; self.tflopsBF16 = tflopsBF16; self.tflopsFP8 = tflopsFP8
    self.bandwidthTBps = bandwidthTBps; self.memoryGiB = memoryGiB
    self.gemmEfficiency = gemmEfficiency; self.gemmRooflineExponent = gemmRooflineExponent
    self.memoryEfficiency = memoryEfficiency
    self.attentionDecodeEfficiency = attentionDecodeEfficiency
    self.attentionPrefillEfficiency = attentionPrefillEfficiency
    self.attentionPrefillHalfTokens = attentionPrefillHalfTokens
    self.layerOverheadMicros = layerOverheadMicros; self.stepOverheadMicros = stepOverheadMicros
    self.interconnectGBps = interconnectGBps; self.allReduceEfficiency = allReduceEfficiency
    self.allReduceLatencyMicros = allReduceLatencyMicros; self.gpuHourUSD = gpuHourUSD
  }
}
