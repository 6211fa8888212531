
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
  /// Which side of a decode-only step's roofline wins, when the constants decide it for every
  /// context (both sides are linear in the keys read): then the other side is not computed.
  private let decodeBound: DecodeBound

  enum DecodeBound: Hashable { case compute, memory, either }

  init(_ k: RooflineKernels) {
    flopsPerQueryKey = 2 * Double(k.model.heads) / k.tp * Double(k.model.queryKeyHeadDim + k.model.valueHeadDim)
    kvBytesPerTokenPerLayer = k.model.kvBytesPerToken(perGPUAtTP: Int(k.tp)) / Double(k.model.layers)
    attentionPeakFlopsPerSecond = k.attentionPeakFlopsPerSecond
    kvBytesPerSecond = k.kvBytesPerSecond
    prefillEfficiency = k.hardware.attentionPrefillEfficiency
    prefillHalfTokens = k.hardware.attentionPrefillHalfTokens
    layers = Double(k.model.layers)
    decodeBound = Self.decodeBound(flopsPerQueryKey: flopsPerQueryKey,
                                   computeFlopsPerSecond: attentionPeakFlopsPerSecond * prefillEfficiency,
                                   kvBytesPerToken: kvBytesPerTokenPerLayer, kvBytesPerSecond: kvBytesPerSecond)
  }

  /// compute / memory = (f·keys / F) / (keys·b / B) = f·B / (F·b) for any keys ≥ 1. Each side is
  /// computed with a relative rounding error of a few 1e-16, so a ratio more than 1e-9 away from 1
  /// orders them the same way for every step; nearer 1 (or with a zero, infinite or NaN constant)
  /// both are computed and compared as before.
  static func decodeBound(flopsPerQueryKey f: Double, computeFlopsPerSecond F: Double,
                          kvBytesPerToken b: Double, kvBytesPerSecond B: Double) -> DecodeBound {
    let ratio = (f * B) / (F * b)
    guard ratio.isFinite, ratio > 0 else { return .either }
    if ratio > 1 + 1e-9 { return .compute }
    if ratio < 1 - 1e-9 { return .memory }
    return .either
  }

  /// Attention of every layer for `batch`, µs (a separable model's per-step part, see `TokenCountSeparable`).
  func allLayersMicros(_ batch: BatchShape) -> Double {
    guard batch.prefills.isEmpty, batch.decodeCount > 0 else { return mixedMicros(batch) }
    return decodeOnlyMicros(batch)
  }

  /// `attention(batch).scaled(by: layers).totalMicros` without building the breakdown: the same
  /// kernels summed in the same order into the same two parts (compute- and memory-bound), then
  /// scaled and added as `totalMicros` adds them (its other two parts are zeros).
  private func mixedMicros(_ batch: BatchShape) -> Double {
    var compute = 0.0, memory = 0.0
    for p in batch.prefills where p.newTokens > 0 {
      let t = Double(p.newTokens), cached = Double(p.contextTokens)
      let attended = cached + (t + 1) / 2
      let efficiency = prefillEfficiency * attended / (attended + prefillHalfTokens)
      let c = flopsPerQueryKey * t * attended / (attentionPeakFlopsPerSecond * efficiency)
      let m = (cached + t) * kvBytesPerTokenPerLayer / kvBytesPerSecond
      if c >= m { compute += c * 1e6 } else { memory += m * 1e6 }
    }
    if batch.decodeCount > 0 {
      let keys = Double(batch.decodeContextTokensSum + batch.decodeCount)
      let c = flopsPerQueryKey * keys / (attentionPeakFlopsPerSecond * prefillEfficiency)
      let m = keys * kvBytesPerTokenPerLayer / kvBytesPerSecond
      if c >= m { compute += c * 1e6 } else { memory += m * 1e6 }
    }
    return compute * layers + memory * layers
  }

  /// `allLayersMicros` of a decode-only batch (most steps, `decodeCount` ≥ 1): the same operations as
  /// the general path without the breakdown (its other parts are zeros, which add nothing), and only
  /// the winning side when the constants decide it.
  @inline(__always)
  func decodeOnlyMicros(_ batch: BatchShape) -> Double {
    let keys = Double(batch.decodeContextTokensSum + batch.decodeCount)
    let seconds: Double
    switch decodeBound {
    case .memory: seconds = keys * kvBytesPerTokenPerLayer / kvBytesPerSecond
    case .compute: seconds = flopsPerQueryKey * keys / (attentionPeakFlopsPerSecond * prefillEfficiency)
    case .either:
      let compute = flopsPerQueryKey * keys / (attentionPeakFlopsPerSecond * prefillEfficiency)
      let memory = keys * kvBytesPerTokenPerLayer / kvBytesPerSecond
      seconds = compute >= memory ? compute : memory
    }
    return seconds * 1e6 * layers
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
