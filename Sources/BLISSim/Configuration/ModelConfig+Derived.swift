/// Parameter and byte counts derived from a `ModelConfig` (elements unless the name says bytes).
extension ModelConfig {
  /// Width of the Q/K dot product per head (MLA: nope + rope dims; else `headDim`).
  public var queryKeyHeadDim: Int { mla.map { $0.qkNopeHeadDim + $0.qkRopeHeadDim } ?? headDim }
  /// Width of the value vector per head (MLA: `v_head_dim`; else `headDim`).
  public var valueHeadDim: Int { mla?.vHeadDim ?? headDim }

  /// Parameters of the attention input projections of one layer (Q, K, V or the MLA equivalents).
  public var attentionInputParams: Int {
    if let m = mla {
      let q = m.qLoraRank > 0 ? hidden * m.qLoraRank + m.qLoraRank * heads * queryKeyHeadDim
                              : hidden * heads * queryKeyHeadDim
      let kvA = hidden * (m.kvLoraRank + m.qkRopeHeadDim)
      let kvB = m.kvLoraRank * heads * (m.qkNopeHeadDim + m.vHeadDim)
      return q + kvA + kvB
    }
    return hidden * (heads * headDim + 2 * kvHeads * headDim)
  }
  /// Output width of the fused input projection (what one token produces); used for activation traffic.
  public var attentionInputWidth: Int {
    if let m = mla { return heads * queryKeyHeadDim + m.kvLoraRank + m.qkRopeHeadDim }
    return heads * headDim + 2 * kvHeads * headDim
  }
  /// Parameters of the attention output projection of one layer.
  public var attentionOutputParams: Int { heads * valueHeadDim * hidden }

  /// Number of MoE layers (0 for dense models): layers i ≥ `firstDenseLayers` with (i+1) divisible
  /// by `sparseStep`. O(1).
  public var moeLayerCount: Int {
    guard let m = moe, layers > m.firstDenseLayers else { return 0 }
    return layers / m.sparseStep - m.firstDenseLayers / m.sparseStep
  }
  /// Number of dense-FFN layers.
  public var denseLayerCount: Int { layers - moeLayerCount }

  /// Total weight parameters: embeddings, attention, FFN (all experts), router, norms, LM head.
  public var totalParams: Int {
    let embed = vocab * hidden
    let lmHead = tieWordEmbeddings ? 0 : vocab * hidden
    let attention = attentionInputParams + attentionOutputParams
    let norms = 2 * hidden
    var ffn = denseLayerCount * 3 * hidden * intermediate
    if let m = moe {
      ffn += moeLayerCount * (3 * hidden * m.expertIntermediate * m.experts + 3 * hidden * m.sharedIntermediate
                              + hidden * m.experts)
    }
    return embed + lmHead + layers * (attention + norms) + ffn + hidden
  }
  /// Bytes of all weights at `weightBytesPerParam`.
  public var weightBytes: Double { Double(totalParams) * weightBytesPerParam }

  /// KV-cache bytes per token for the whole model on one GPU at tensor parallelism `tp`.
  ///
  /// Ordinary attention shards KV heads across GPUs; when K < TP each GPU still holds one whole head
  /// (vLLM replicates them), so the per-GPU head count is `max(1, K / TP)`. MLA caches one latent
  /// per token that every GPU replicates (no ÷TP).
  public func kvBytesPerToken(perGPUAtTP tp: Int) -> Double {
    if let m = mla {
      return Double(layers * (m.kvLoraRank + m.qkRopeHeadDim)) * dtypeBytes
    }
    let headsPerGPU = max(1, (kvHeads + max(1, tp) - 1) / max(1, tp))
    return Double(layers * 2 * headsPerGPU * headDim) * dtypeBytes
  }
}
