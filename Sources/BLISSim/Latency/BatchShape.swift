/// One prefill chunk scheduled in a step.
public struct PrefillChunk: Sendable, Hashable, Codable {
  /// Tokens of this request already in the KV cache before the step (computed or prefix-cache hits).
  public var contextTokens: Int
  /// Prompt tokens computed in this step (the chunk length), ≥ 1.
  public var newTokens: Int
  /// Whether this chunk finishes the prompt, so the LM head runs for its last token this step.
  public var completesPrompt: Bool

  public init(contextTokens: Int, newTokens: Int, completesPrompt: Bool = true) {
    self.contextTokens = contextTokens
    self.newTokens = newTokens
    self.completesPrompt = completesPrompt
  }
}

/// The shape of one engine step: what the GPU computes in one forward pass.
///
/// Decode requests are summarised by their count and the sum of their context lengths: every
/// step-time term that depends on a decode request is linear in its context (attention FLOPs,
/// KV bytes read), so the engine can keep these two sums incrementally instead of listing
/// every decoding request each step.
public struct BatchShape: Sendable, Hashable, Codable {
  /// Prefill chunks in this step (usually few).
  public var prefills: [PrefillChunk]
  /// Number of decode requests, each generating one token.
  public var decodeCount: Int
  /// Sum over decode requests of the tokens already in the KV cache before the step
  /// (the new token attends to `context + 1` tokens, itself included).
  public var decodeContextTokensSum: Int

  public init(prefills: [PrefillChunk] = [], decodeCount: Int = 0, decodeContextTokensSum: Int = 0) {
    self.prefills = prefills
    self.decodeCount = decodeCount
    self.decodeContextTokensSum = decodeContextTokensSum
  }

  /// Total prompt tokens computed in the step.
  @inlinable public var prefillTokens: Int {
    var n = 0
    for p in prefills { n += p.newTokens }
    return n
  }
  /// Requests in the step (prefill chunks + decodes).
  @inlinable public var requestCount: Int { prefills.count + decodeCount }
  /// Tokens computed in the step (prefill + one per decode).
  @inlinable public var totalNewTokens: Int { prefillTokens + decodeCount }
  /// Sequences whose last position goes through the LM head this step.
  @inlinable public var logitsRows: Int {
    var n = decodeCount
    for p in prefills where p.completesPrompt { n += 1 }
    return n
  }
  @inlinable public var isEmpty: Bool { prefills.isEmpty && decodeCount == 0 }

  /// Adds `count` decode requests that each have `contextTokens` tokens cached.
  public mutating func addDecodes(count: Int, contextTokens: Int) {
    decodeCount += count
    decodeContextTokensSum += count * contextTokens
  }
}
