/// The engine settings a vLLM version picks when the user does not set them.
public struct EngineDefaultsComponent: Sendable, Hashable, Codable {
  /// Larger limits on big GPUs (vLLM ≥ 0.9: GPUs with ≥ 70 GiB that are not A100s).
  public struct LargeGPU: Sendable, Hashable, Codable {
    public var minimumMemoryGiB: Double
    /// GPU names (substrings, case-insensitive) that never count as large.
    public var excludedGPUs: [String]
    public var maxNumSeqs: Int
    public var maxNumBatchedTokens: Int
    public init(minimumMemoryGiB: Double = 70, excludedGPUs: [String] = ["A100"], maxNumSeqs: Int = 1024,
                maxNumBatchedTokens: Int = 8192) {
      self.minimumMemoryGiB = minimumMemoryGiB; self.excludedGPUs = excludedGPUs
      self.maxNumSeqs = maxNumSeqs; self.maxNumBatchedTokens = maxNumBatchedTokens
    }
    enum CodingKeys: String, CodingKey, CaseIterable {
      case minimumMemoryGiB = "min_memory_gib", excludedGPUs = "excluded_gpus", maxNumSeqs = "max_num_seqs"
      case maxNumBatchedTokens = "max_num_batched_tokens"
    }
  }

  public var chunkedPrefill: Bool
  public var prefixCaching: Bool
  public var maxNumSeqs: Int
  /// Token budget per step with chunked prefill.
  public var maxNumBatchedTokens: Int
  /// Without chunked prefill the budget is max(max_model_len, this), so a whole prompt always fits.
  public var unchunkedMinimumBatchedTokens: Int
  public var largeGPU: LargeGPU?

  public init(chunkedPrefill: Bool = true, prefixCaching: Bool = true, maxNumSeqs: Int = 256,
              maxNumBatchedTokens: Int = 2048, unchunkedMinimumBatchedTokens: Int = 2048, largeGPU: LargeGPU? = nil) {
    self.chunkedPrefill = chunkedPrefill; self.prefixCaching = prefixCaching; self.maxNumSeqs = maxNumSeqs
    self.maxNumBatchedTokens = maxNumBatchedTokens; self.unchunkedMinimumBatchedTokens = unchunkedMinimumBatchedTokens
    self.largeGPU = largeGPU
  }

  /// Whether `hardware` gets the large-GPU limits.
  public func isLarge(_ hardware: HardwareSpec) -> Bool {
    guard let large = largeGPU else { return false }
    let name = hardware.name.lowercased()
    return hardware.memoryGiB >= large.minimumMemoryGiB
      && !large.excludedGPUs.contains { name.contains($0.lowercased()) }
  }

  /// `max_num_seqs` on `hardware`.
  public func maxNumSeqs(on hardware: HardwareSpec) -> Int {
    isLarge(hardware) ? (largeGPU?.maxNumSeqs ?? maxNumSeqs) : maxNumSeqs
  }

  /// `max_num_batched_tokens` on `hardware`, with or without chunked prefill.
  public func maxNumBatchedTokens(on hardware: HardwareSpec, chunkedPrefill: Bool, maxModelLen: Int?) -> Int {
    if !chunkedPrefill { return max(maxModelLen ?? 0, unchunkedMinimumBatchedTokens) }
    return isLarge(hardware) ? (largeGPU?.maxNumBatchedTokens ?? maxNumBatchedTokens) : maxNumBatchedTokens
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case chunkedPrefill = "chunked_prefill", prefixCaching = "prefix_caching", maxNumSeqs = "max_num_seqs"
    case maxNumBatchedTokens = "max_num_batched_tokens"
    case unchunkedMinimumBatchedTokens = "unchunked_min_batched_tokens", largeGPU = "large_gpu"
  }
}
