import Foundation

extension RooflineModel {
  /// The step time of `batch` split into compute, memory, communication and overhead (µs).
  ///
  /// An empty batch costs nothing (the engine does not run empty steps).
  public func breakdown(for batch: BatchShape) -> StepTimeBreakdown {
    var out = StepTimeBreakdown()
    guard !batch.isEmpty else { return out }
    let c = model, hw = hardware
    let tp = Double(tensorParallelism)
    let d = Double(c.hidden)
    let act = c.dtypeBytes                                   // bytes per activation element
    let wb = c.weightBytesPerParam                           // bytes per weight
    let peak = (c.quantizedActivations && hw.tflopsFP8 > 0 ? hw.tflopsFP8 : hw.tflopsBF16) * 1e12  // FLOP/s
    let attnPeak = hw.tflopsBF16 * 1e12                      // attention runs in 16-bit
    let gemmRate = peak * hw.gemmEfficiency                  // FLOP/s reached by large GEMMs
    let streamRate = hw.bandwidthTBps * 1e12 * hw.memoryEfficiency          // B/s for weights/activations
    let kvRate = hw.bandwidthTBps * 1e12 * hw.attentionDecodeEfficiency     // B/s for KV-cache reads
    let m = Double(batch.totalNewTokens)                     // tokens through every GEMM

    /// A GEMM with `params` weights on this GPU, `tokens` rows, `inWidth`→`outWidth` activations per row.
    func gemm(tokens: Double, params: Double, inWidth: Double, outWidth: Double, weightBytes: Double? = nil) {
      let flops = 2 * tokens * params
      let bytes = (weightBytes ?? params * wb) + tokens * (inWidth + outWidth) * act
      out.addKernel(computeSeconds: flops / gemmRate, memorySeconds: bytes / streamRate)
    }

    // ---- One layer's kernels, costed per layer kind and multiplied by the layer count.
    let L = Double(c.layers)
    var perLayer = StepTimeBreakdown()
    swap(&out, &perLayer)
    // Attention projections (column/row parallel: weights and output widths ÷ TP).
    gemm(tokens: m, params: Double(c.attentionInputParams) / tp, inWidth: d, outWidth: Double(c.attentionInputWidth) / tp)
    gemm(tokens: m, params: Double(c.attentionOutputParams) / tp, inWidth: Double(c.heads * c.valueHeadDim) / tp, outWidth: d)
    addAttention(batch, into: &out, attnPeak: attnPeak, kvRate: kvRate)
    // Norms (2, with fused residual add), RoPE on q/k, KV write: elementwise traffic.
    let elementwise = m * act * (8 * d + 2 * Double(c.attentionInputWidth) / tp)
    out.addKernel(computeSeconds: 0, memorySeconds: elementwise / streamRate)
    let attentionPart = out
    swap(&out, &perLayer)

    // Dense FFN layer: gate_up (2·d·F) and down (d·F), SiLU·mul traffic 3F per token.
    var denseFFN = StepTimeBreakdown()
    swap(&out, &denseFFN)
    let f = Double(c.intermediate)
    gemm(tokens: m, params: 2 * d * f / tp, inWidth: d, outWidth: 2 * f / tp)
    gemm(tokens: m, params: d * f / tp, inWidth: f / tp, outWidth: d)
    out.addKernel(computeSeconds: 0, memorySeconds: m * act * 3 * f / tp / streamRate)
    swap(&out, &denseFFN)

    var moeFFN = StepTimeBreakdown()
    if let e = c.moe {
      swap(&out, &moeFFN)
      let experts = Double(e.experts), k = Double(e.expertsPerToken), fe = Double(e.expertIntermediate)
      // Expected distinct experts hit by m tokens choosing k of E uniformly: E·(1 − ((E−k)/E)^m).
      let nEff = experts * (1 - pow((experts - k) / experts, m))
      let expertParams = 3 * d * fe / tp
      gemm(tokens: m * k, params: expertParams, inWidth: d, outWidth: 3 * fe / tp, weightBytes: nEff * expertParams * wb)
      out.addKernel(computeSeconds: 0, memorySeconds: m * k * act * 3 * fe / tp / streamRate)
      if e.sharedIntermediate > 0 {
        let fs = Double(e.sharedIntermediate)
        gemm(tokens: m, params: 3 * d * fs / tp, inWidth: d, outWidth: 3 * fs / tp)
      }
      gemm(tokens: m, params: d * experts, inWidth: d, outWidth: experts)   // router (replicated)
      swap(&out, &moeFFN)
    }
    let moeLayers = Double(c.moeLayerCount), denseLayers = Double(c.denseLayerCount)
    out.computeMicros = L * attentionPart.computeMicros + denseLayers * denseFFN.computeMicros + moeLayers * moeFFN.computeMicros
    out.memoryMicros = L * attentionPart.memoryMicros + denseLayers * denseFFN.memoryMicros + moeLayers * moeFFN.memoryMicros

    // ---- Once per step: embedding gather and the LM head for the sequences that emit a token.
    out.addKernel(computeSeconds: 0, memorySeconds: m * d * act / streamRate)
    let rows = Double(batch.logitsRows)
    if rows > 0 {
      gemm(tokens: rows, params: Double(c.vocab) * d / tp, inWidth: d, outWidth: Double(c.vocab) / tp)
    }

    // ---- Fixed overheads and tensor-parallel communication.
    out.overheadMicros = L * hw.layerOverheadMicros + hw.stepOverheadMicros
    if tensorParallelism > 1 {
      // Ring all-reduce of the m×d hidden state: each GPU sends and receives 2·(TP−1)/TP of it.
      let messageBytes = m * d * act
      let linkRate = hw.interconnectGBps * 1e9 * hw.allReduceEfficiency
      let oneAllReduce = 2 * (tp - 1) / tp * messageBytes / linkRate * 1e6 + hw.allReduceLatencyMicros
      out.communicationMicros = 2 * L * oneAllReduce
    }
    return out
  }

  /// Attention of one layer: causal prefill FLOPs (with cached context) and decode KV reads.
  private func addAttention(_ batch: BatchShape, into out: inout StepTimeBreakdown, attnPeak: Double, kvRate: Double) {
    let c = model, hw = hardware
    let headsPerGPU = Double(c.heads) / Double(tensorParallelism)
    let flopsPerQueryKey = 2 * headsPerGPU * Double(c.queryKeyHeadDim + c.valueHeadDim)  // QKᵀ + PV
    let kvBytesPerToken = c.kvBytesPerToken(perGPUAtTP: tensorParallelism) / Double(c.layers)
    for p in batch.prefills where p.newTokens > 0 {
      let t = Double(p.newTokens), cached = Double(p.contextTokens)
      // Average keys attended per new token: the cached context plus half the chunk (causal).
      let attended = cached + (t + 1) / 2
      let flops = flopsPerQueryKey * t * attended
      let efficiency = hw.attentionPrefillEfficiency * attended / (attended + hw.attentionPrefillHalfTokens)
      out.addKernel(computeSeconds: flops / (attnPeak * efficiency),
                    memorySeconds: (cached + t) * kvBytesPerToken / kvRate)
    }
    if batch.decodeCount > 0 {
      // Each decode reads its cached context plus its own new token's K/V.
      let keys = Double(batch.decodeContextTokensSum + batch.decodeCount)
      out.addKernel(computeSeconds: flopsPerQueryKey * keys / (attnPeak * hw.attentionPrefillEfficiency),
                    memorySeconds: keys * kvBytesPerToken / kvRate)
    }
  }
}
