/// The terms of the blackbox step-time model, by their position in `beta_coeffs`.
///
/// The reference has the first three; the others are added by `blis calibrate --model-form extended`
/// when the measurements support them. `kneeTokens` is not a multiplier but the threshold of
/// `tokensBeyondKnee`: the step's token count at which the weight GEMMs stop being limited by
/// reading the weights and start to cost FLOPs per token (the GPU's ridge point for the model).
public enum BlackboxTerm: Int, Sendable, CaseIterable, Codable {
  /// β0, µs per step.
  case step = 0
  /// β1, µs per prefill (chunk) token computed.
  case prefillToken
  /// β2, µs per decode request.
  case decodeRequest
  /// β3, µs per cached context token of the decode requests (`BatchShape.decodeContextTokensSum`).
  case decodeContextToken
  /// β4, µs per prefill attention pair: Σ over chunks of newTokens · (contextTokens + (newTokens + 1)/2),
  /// the mean number of keys each new token attends to under the causal mask times the chunk length.
  case prefillAttentionPair
  /// β5, µs per token of the step (prefill tokens + decodes) beyond `kneeTokens`.
  case tokensBeyondKnee
  /// β6, tokens (the threshold of β5).
  case kneeTokens

  /// Human description with units, for reports.
  public var meaning: String {
    switch self {
    case .step: return "µs per step"
    case .prefillToken: return "µs per prefill token"
    case .decodeRequest: return "µs per decode request"
    case .decodeContextToken: return "µs per cached decode-context token"
    case .prefillAttentionPair: return "µs per prefill attention pair"
    case .tokensBeyondKnee: return "µs per step token beyond the knee"
    case .kneeTokens: return "knee, tokens per step"
    }
  }

  /// Σ over prefill chunks of newTokens · (contextTokens + (newTokens + 1)/2).
  @inlinable public static func prefillAttentionPairs(_ batch: BatchShape) -> Double {
    var pairs = 0.0
    for p in batch.prefills {
      let t = Double(p.newTokens)
      pairs += t * (Double(p.contextTokens) + (t + 1) / 2)
    }
    return pairs
  }
}
