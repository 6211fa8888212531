extension RooflineModel {
  /// The step time of `batch` split into compute, memory, communication and overhead (µs).
  ///
  /// Layers are costed by kind — the attention block is in every layer, the FFN is dense or MoE —
  /// and multiplied by their counts. An empty batch costs nothing (the engine runs no empty steps).
  public func breakdown(for batch: BatchShape) -> StepTimeBreakdown {
    guard !batch.isEmpty else { return StepTimeBreakdown() }
    let k = RooflineKernels(model: model, hardware: hardware, tensorParallelism: tensorParallelism,
                            tokens: Double(batch.totalNewTokens))
    var out = k.attentionBlock(batch).scaled(by: Double(model.layers))
    out += k.denseFFN().scaled(by: Double(model.denseLayerCount))
    if model.moeLayerCount > 0 { out += k.moeFFN().scaled(by: Double(model.moeLayerCount)) }
    out += k.embeddingAndLMHead(logitsRows: Double(batch.logitsRows))
    out.overheadMicros = Double(model.layers) * hardware.layerOverheadMicros + hardware.stepOverheadMicros
    out.communicationMicros = 2 * Double(model.layers) * k.allReduceMicros()
    return out
  }
}
