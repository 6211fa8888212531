
/// The constants of one layer's attention cost (causal prefill FLOPs over cached context + chunk,
/// decode KV reads), taken once from `RooflineKernels`.
struct AttentionCosts: Sendable, Hashable {
  /// FLOPs per (query, key) pair: QKᵀ + PV over this GPU's heads.
  let flopsPerQueryKey: Double
  let kvBytesPerTokenPerLayer: Double
  let attentionPeakFlopsPerSecond: Double
  let kvBytesPerSecond: Double
  let prefillEfficiency: Double
  let prefillHalfTokens: Double
  let layers: Double

  init(_ k: RooflineKernels) {
    flopsPerQueryKey = 2 * Double(k.model.heads) / k.tp * Double(k.model.queryKeyHeadDim + k.model.valueHeadDim)
    kvBytesPerTokenPerLayer = k.model.kvBytesPerToken(perGPUAtTP: Int(k.tp)) / Double(k.model.layers)
    attentionPeakFlopsPerSecond = k.attentionPeakFlopsPerSecond
    kvBytesPerSecond = k.kvBytesPerSecond
    prefillEfficiency = k.hardware.attentionPrefillEfficiency
    prefillHalfTokens = k.hardware.attentionPrefillHalfTokens
    layers = Double(k.model.layers)
  }

  /// Attention of every layer for `batch`, µs (a separable model's per-step part, see `TokenCountSeparable`).
  func allLayersMicros(_ batch: BatchShape) -> Double {
    guard batch.prefills.isEmpty, batch.decodeCount > 0 else { return attention(batch).scaled(by: layers).totalMicros }
    // Decode only (most steps): the same operations as the general path, without the breakdown
    // (its other parts are zeros, which add nothing).
    let keys = Double(batch.decodeContextTokensSum + batch.decodeCount)
    let compute = flopsPerQueryKey * keys / (attentionPeakFlopsPerSecond * prefillEfficiency)
    let memory = keys * kvBytesPerTokenPerLayer / kvBytesPerSecond
    return (compute >= memory ? compute : memory) * 1e6 * layers
  }

  /// Attention of one layer for `batch`.
  func attention(_ batch: BatchShape) -> StepTimeBreakdown {
    var out = StepTimeBreakdown()
    for p in batch.prefills where p.newTokens > 0 {
      let t = Double(p.newTokens), cached = Double(p.contextTokens)
      let attended = cached + (t + 1) / 2          // mean keys per new token under the causal mask
      let efficiency = prefillEfficiency * attended / (attended + prefillHalfTokens)
      out += .kernel(computeSeconds: flopsPerQueryKey * t * attended / (attentionPeakFlopsPerSecond * efficiency),
                     memorySeconds: (cached + t) * kvBytesPerTokenPerLayer / kvBytesPerSecond)
    }
    if batch.decodeCount > 0 {
      // Each decode reads its cached context plus its own new K/V.
      let keys = Double(batch.decodeContextTokensSum + batch.decodeCount)
      out += .kernel(computeSeconds: flopsPerQueryKey * keys / (attentionPeakFlopsPerSecond * prefillEfficiency),
                     memorySeconds: keys * kvBytesPerTokenPerLayer / kvBytesPerSecond)
    }
    return out
  }
}
