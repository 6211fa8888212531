extension ResolvedDeployment {
  /// KV blocks of one instance: `--total-kv-blocks`, else computed from GPU memory when the
  /// model config is known, else the defaults.yaml row's count.
  static func kvCapacity(_ s: RunSettings, hardware: HardwareSpec, config: ModelConfig?,
                         row: BlackboxCoefficients?) throws -> (blocks: Int, source: KVBlocksSource) {
    if let explicit = s.totalKVBlocks { return (explicit, .setting) }
    if let config {
      return (try kvCapacity(s, hardware: hardware, config: config).blocks,
              .gpuMemory(utilization: s.gpuMemoryUtilization))
    }
    if let fromRow = row?.totalKVBlocks {
      // The reference's rows count TP× the physical blocks for TP > 1 (see KVCapacity); divide back.
      return (max(1, fromRow / max(1, s.tensorParallelism)), .defaultsRow)
    }
    throw s.invalidValue(\.totalKVBlocks, "unset", allowed: "a block count: no model config was found to compute the KV capacity")
  }

  /// The physical KV capacity of the model on the GPU at the settings' TP and engine limits;
  /// throws when the model does not fit.
  public static func kvCapacity(_ s: RunSettings, hardware: HardwareSpec, config: ModelConfig) throws(KVCapacityError) -> KVCapacity {
    try KVCapacity.compute(model: config, hardware: hardware, tensorParallelism: s.tensorParallelism,
                           blockSizeTokens: s.engine.blockSizeTokens, gpuMemoryUtilization: s.gpuMemoryUtilization,
                           maxNumBatchedTokens: s.engine.maxNumBatchedTokens, maxNumSeqs: s.engine.maxNumSeqs)
  }
}
