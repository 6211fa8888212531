/// Parameter and byte counts derived from a `ModelConfig` (elements unless the name says bytes).
///
/// Products of sizes are computed in `Double`: a parameter count above 2⁵³ is far beyond any model
/// (parsing rejects more than 10¹⁵), and Double arithmetic cannot overflow into a trap.
extension ModelConfig {
  /// Width of the Q/K dot product per head (MLA: nope + rope dims; else `headDim`).
  public var queryKeyHeadDim: Int { mla.map { $0.qkNopeHeadDim + $0.qkRopeHeadDim } ?? headDim }
  /// Width of the value vector per head (MLA: `v_head_dim`; else `headDim`).
  public var valueHeadDim: Int { mla?.vHeadDim ?? headDim }

  /// Parameters of the attention input projections of one layer (Q, K, V or the MLA equivalents).
  public var attentionInputParams: Double {
    let d = Double(hidden), h = Double(heads)
    if let m = mla {
      let qLora = Double(m.qLoraRank), qk = Double(queryKeyHeadDim)
      let q = m.qLoraRank > 0 ? d * qLora + qLora * h * qk : d * h * qk
      let kvA = d * Double(m.kvLoraRank + m.qkRopeHeadDim)
      let kvB = Double(m.kvLoraRank) * h * Double(m.qkNopeHeadDim + m.vHeadDim)
      return q + kvA + kvB
    }
    return d * (h * Double(headDim) + 2 * Double(kvHeads) * Double(headDim))
  }
  /// Output width of the fused input projection (what one token produces); used for activation traffic.
  public var attentionInputWidth: Double {
    if let m = mla { return Double(heads) * Double(queryKeyHeadDim) + Double(m.kvLoraRank + m.qkRopeHeadDim) }
    return Double(heads) * Double(headDim) + 2 * Double(kvHeads) * Double(headDim)
  }
  /// Parameters of the attention output projection of one layer.
  public var attentionOutputParams: Double { Double(heads) * Double(valueHeadDim) * Double(hidden) }

  /// Number of MoE layers (0 for dense models): layers i ≥ `firstDenseLayers` with (i+1) divisible
  /// by `sparseStep`. O(1).
  public var moeLayerCount: Int {
    guard let m = moe, layers > m.firstDenseLayers else { return 0 }
    return layers / m.sparseStep - m.firstDenseLayers / m.sparseStep
  }
  /// Number of dense-FFN layers.
  public var denseLayerCount: Int { layers - moeLayerCount }

  /// Total weight parameters: embeddings, attention, FFN (all experts), router, norms, LM head.
  public var totalParams: Double {
    let d = Double(hidden)
    let embed = Double(vocab) * d
    let lmHead = tieWordEmbeddings ? 0 : embed
    let attention = attentionInputParams + attentionOutputParams
    let norms = 2 * d
    var ffn = Double(denseLayerCount) * 3 * d * Double(intermediate)
    if let m = moe {
      ffn += Double(moeLayerCount) * (3 * d * Double(m.expertIntermediate) * Double(m.experts)
                                      + 3 * d * Double(m.sharedIntermediate) + d * Double(m.experts))
    }
    return embed + lmHead + Double(layers) * (attention + norms) + ffn + d
  }
  /// Bytes of all weights at `weightBytesPerParam`.
  public var weightBytes: Double { totalParams * weightBytesPerParam }

  /// KV-cache bytes per token for the whole model on one GPU at tensor parallelism `tp`.
  ///
  /// Ordinary attention shards KV heads across GPUs; when K < TP each GPU still holds one whole head
  /// (vLLM replicates them), so the per-GPU head count is `max(1, K / TP)`. MLA caches one latent
  /// per token that every GPU replicates (no ÷TP).
  public func kvBytesPerToken(perGPUAtTP tp: Int) -> Double {
    if let m = mla {
      return Double(layers) * Double(m.kvLoraRank + m.qkRopeHeadDim) * dtypeBytes
    }
    let headsPerGPU = max(1, (kvHeads + max(1, tp) - 1) / max(1, tp))
    return Double(layers) * 2 * Double(headsPerGPU) * Double(headDim) * dtypeBytes
  }
}
