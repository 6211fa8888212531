extension RooflineModel {
  /// The step time of `batch` split into compute, memory, communication and overhead (µs).
  ///
  /// Layers are costed by kind — the attention block is in every layer, the FFN is dense or MoE —
  /// and multiplied by their counts. An empty batch costs nothing (the engine runs no empty steps).
  /// The sum of three parts (see `TokenCountSeparable`): what depends only on the step's token
  /// count, the LM head for its logits rows, and attention, which depends on every chunk and context.
  public func breakdown(for batch: BatchShape) -> StepTimeBreakdown {
    guard !batch.isEmpty else { return StepTimeBreakdown() }
    var out = tokenCountBreakdown(tokens: batch.totalNewTokens)
    out += logitsBreakdown(rows: batch.logitsRows)
    out += attentionBreakdown(batch)
    return out
  }

  /// GEMMs, elementwise traffic, FFNs, embedding gather, all-reduces and fixed overheads of a step
  /// over `tokens` tokens (every layer).
  public func tokenCountBreakdown(tokens: Int) -> StepTimeBreakdown {
    let k = kernels(tokens: tokens)
    var out = k.attentionProjections().scaled(by: Double(model.layers))
    out += k.denseFFN().scaled(by: Double(model.denseLayerCount))
    if model.moeLayerCount > 0 { out += k.moeFFN().scaled(by: Double(model.moeLayerCount)) }
    out += k.embeddingAndLMHead(logitsRows: 0)
    out.overheadMicros = Double(model.layers) * hardware.layerOverheadMicros + hardware.stepOverheadMicros
    out.communicationMicros = 2 * Double(model.layers) * k.allReduceMicros()
    return out
  }

  /// The LM head for `rows` sequences.
  public func logitsBreakdown(rows: Int) -> StepTimeBreakdown {
    guard rows > 0 else { return StepTimeBreakdown() }
    return kernels(tokens: 0).lmHead(logitsRows: Double(rows))
  }

  /// Attention of every layer: prefill chunks' causal FLOPs, decodes' KV reads.
  public func attentionBreakdown(_ batch: BatchShape) -> StepTimeBreakdown {
    attentionCosts.attention(batch).scaled(by: attentionCosts.layers)
  }

  private func kernels(tokens: Int) -> RooflineKernels {
    RooflineKernels(model: model, hardware: hardware, tensorParallelism: tensorParallelism, tokens: Double(tokens))
  }
}

extension RooflineModel: TokenCountSeparable {
  func tokenCountMicros(_ tokens: Int) -> Double { tokenCountBreakdown(tokens: tokens).totalMicros }
  func logitsMicros(_ rows: Int) -> Double { logitsBreakdown(rows: rows).totalMicros }
  var batchCosts: AttentionCosts { attentionCosts }
}
