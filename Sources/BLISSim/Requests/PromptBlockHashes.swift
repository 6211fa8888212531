/// Chained hashes of a prompt's full KV blocks, computed from the prompt description.
///
/// Block j's hash covers the whole prefix up to and including block j (like vLLM's and the
/// reference's chained block hashes), so equal hashes mean equal prefixes. Instead of the
/// reference's SHA-256 over decimal token text, the content of block j is a 64-bit value: the
/// group's identity when the block lies entirely inside the shared prefix, the prompt's own
/// identity otherwise (a block straddling the prefix boundary is unique to the prompt).
/// Hashes are never 0 (0 means "no hash" in the KV cache).
struct PromptBlockHashes {
  let prefixGroup: Int
  let prefixBlocks: Int
  let promptSeed: UInt64

  init(prefixGroup: Int, prefixTokens: Int, promptSeed: UInt64, blockSizeTokens: Int) {
    self.prefixGroup = prefixGroup
    self.prefixBlocks = prefixGroup >= 0 ? prefixTokens / blockSizeTokens : 0
    self.promptSeed = promptSeed
  }

  init(_ request: WorkloadRequest, blockSizeTokens: Int) {
    self.init(prefixGroup: request.prefixGroup, prefixTokens: request.prefixTokens,
              promptSeed: request.promptSeed, blockSizeTokens: blockSizeTokens)
  }

  /// The chain value before block 0.
  static let root: UInt64 = 0x5151_BEEF_0000_0016

  /// Hash of block `index` given the hash of block `index − 1` (or `root`).
  @inline(__always)
  func hash(ofBlock index: Int, previous: UInt64) -> UInt64 {
    let content: UInt64 = index < prefixBlocks
      ? StableHash.combine(0xA11C_E000 ^ UInt64(bitPattern: Int64(prefixGroup)), UInt64(index))
      : StableHash.combine(promptSeed, UInt64(index))
    let h = StableHash.combine(previous, content)
    return h == 0 ? 1 : h
  }
}
