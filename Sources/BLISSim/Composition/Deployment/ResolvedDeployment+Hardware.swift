extension ResolvedDeployment {
  /// The GPU `--hardware` names, in the catalogue (`--hardware-config` or the data folder's).
  public static func hardware(of s: RunSettings, files: DataFiles) throws(SettingsError) -> HardwareSpec {
    do { return try files.hardware.spec(named: s.hardware) } catch {
      throw s.unknownName(\.hardware, s.hardware, known: files.hardware.knownNames, what: "GPU")
    }
  }

  /// TP must divide the attention heads, and the KV heads must split evenly (K % TP == 0) or be
  /// replicated (TP % K == 0), as vLLM requires.
  public static func checkTensorParallelism(_ s: RunSettings, config: ModelConfig) throws(DeploymentError) {
    let allowed = config.allowedTensorParallelism
    guard allowed.contains(s.tensorParallelism) else {
      throw .tensorParallelismDoesNotDivide(place: s.place(of: \.tp), tp: s.tensorParallelism, heads: config.heads,
                                            kvHeads: config.kvHeads, allowed: allowed)
    }
  }
}

extension ModelConfig {
  /// The tensor-parallel degrees up to 64 vLLM can shard this model with: TP divides the
  /// attention heads, and the KV heads split evenly or are replicated.
  public var allowedTensorParallelism: [Int] {
    (1...64).filter { tp in heads % tp == 0 && (kvHeads % tp == 0 || tp % max(1, kvHeads) == 0) }
  }
}
