
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
      let (c, m) = prefillSeconds(p)
      if c >= m { compute += c * 1e6 } else { memory += m * 1e6 }
    }
    if batch.decodeCount > 0 {
      let keys = Self.decodeKeys(batch)
      let c = decodeComputeSeconds(keys: keys), m = decodeMemorySeconds(keys: keys)
      if c >= m { compute += c * 1e6 } else { memory += m * 1e6 }
    }
    return compute * layers + memory * layers
  }

  /// `allLayersMicros` of a decode-only batch (most steps, `decodeCount` ≥ 1): the same operations as
  /// the general path without the breakdown (its other parts are zeros, which add nothing), and only
  /// the winning side when the constants decide it.
  @inline(__always)
  func decodeOnlyMicros(_ batch: BatchShape) -> Double {
    let keys = Self.decodeKeys(batch)
    let seconds: Double
    switch decodeBound {
    case .memory: seconds = decodeMemorySeconds(keys: keys)
    case .compute: seconds = decodeComputeSeconds(keys: keys)
    case .either:
      let compute = decodeComputeSeconds(keys: keys), memory = decodeMemorySeconds(keys: keys)
      seconds = compute >= memory ? compute : memory
    }
    return seconds * 1e6 * layers
  }

  /// Attention of one layer for `batch`.
  func attention(_ batch: BatchShape) -> StepTimeBreakdown {
    var out = StepTimeBreakdown()
    for p in batch.prefills where p.newTokens > 0 {
      let (c, m) = prefillSeconds(p)
      out += .kernel(computeSeconds: c, memorySeconds: m)
    }
    if batch.decodeCount > 0 {
      let keys = Self.decodeKeys(batch)
      out += .kernel(computeSeconds: decodeComputeSeconds(keys: keys), memorySeconds: decodeMemorySeconds(keys: keys))
    }
    return out
  }

  // MARK: One layer's kernels (the formulas every path above shares)

  /// A prefill chunk's causal attention over its cached context: FLOP time and byte time, seconds.
  @inline(__always)
  private func prefillSeconds(_ p: PrefillChunk) -> (compute: Double, memory: Double) {
    let t = Double(p.newTokens), cached = Double(p.contextTokens)
    let attended = cached + (t + 1) / 2          // mean keys per new token under the causal mask
    let efficiency = prefillEfficiency * attended / (attended + prefillHalfTokens)
    return (flopsPerQueryKey * t * attended / (attentionPeakFlopsPerSecond * efficiency),
            (cached + t) * kvBytesPerTokenPerLayer / kvBytesPerSecond)
  }

  /// Keys the batch's decodes read: each its cached context plus its own new K/V.
  @inline(__always)
  private static func decodeKeys(_ batch: BatchShape) -> Double {
    Double(batch.decodeContextTokensSum + batch.decodeCount)
  }

  @inline(__always)
  private func decodeComputeSeconds(keys: Double) -> Double {
    flopsPerQueryKey * keys / (attentionPeakFlopsPerSecond * prefillEfficiency)
  }

  @inline(__always)
  private func decodeMemorySeconds(keys: Double) -> Double {
    keys * kvBytesPerTokenPerLayer / kvBytesPerSecond
  }
}
