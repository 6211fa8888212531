/// Trained α/β coefficients of the blackbox step-time model (one `defaults.yaml` row), µs units.
public struct BlackboxCoefficients: Sendable, Equatable, Codable {
  /// α0 µs per request on arrival, α1 µs per input token on arrival, α2 µs per output token (metrics only).
  public var alpha: [Double]
  /// β, positional (see `BlackboxTerm`): the reference's three terms β0 µs per step, β1 µs per prefill
  /// token, β2 µs per decode request, optionally followed by the extended terms β3 µs per cached
  /// decode-context token, β4 µs per prefill attention pair, β5 µs per batch token beyond β6 tokens.
  /// Missing trailing terms are 0.
  public var beta: [Double]
  /// KV blocks per instance the coefficients were trained with (from vLLM), if known.
  public var totalKVBlocks: Int?

  public init(alpha: [Double], beta: [Double], totalKVBlocks: Int? = nil) {
    self.alpha = alpha; self.beta = beta; self.totalKVBlocks = totalKVBlocks
  }
}

/// Why coefficients are unusable.
public struct BlackboxCoefficientsError: Error, Equatable, CustomStringConvertible {
  public var field: String
  public var value: String
  public var allowed: String
  public init(field: String, value: String, allowed: String = "at least 3 finite numbers ≥ 0") {
    self.field = field; self.value = value; self.allowed = allowed
  }
  public var description: String { "\(field) = \(value) is invalid (allowed: \(allowed))" }
}

/// The blackbox model: the reference's `step = max(1, trunc(β0 + β1·prefill_tokens + β2·decode_requests))`,
/// extended by optional terms a calibration may add (`blis calibrate --model-form extended`):
///
///     + β3 · Σ cached context tokens of the decodes        (decode attention reads the KV cache)
///     + β4 · Σ prefill attention pairs                     (causal attention FLOPs, see `BlackboxTerm`)
///     + β5 · max(0, tokens in the step − β6)               (GEMMs turn compute-bound past β6 tokens)
///
/// Prefill tokens are the chunk tokens computed this step (prefix-cache hits excluded). The α terms
/// keep the reference's meaning through `ServingProfile.blackboxStack(alpha:)`: α0 + α1·input delays
/// the request's entry into the wait queue, α2 is added to every token's delivery, and neither
/// occupies anything; there is no host CPU term (a row's β already holds everything between two
/// steps).
public struct BlackboxModel: LatencyModel {
  public let coefficients: BlackboxCoefficients
  public let label: String
  /// β padded with zeros to all seven terms.
  private let b: (Double, Double, Double, Double, Double, Double, Double)
  /// Whether any extended term is non-zero (skips the per-chunk work on the reference form).
  private let usesPrefillPairs: Bool

  /// - Throws: `BlackboxCoefficientsError` if α has fewer than 3 entries, β has fewer than 3 or more
  ///   than 7 (or exactly 6: β5 without its knee β6), or any entry is negative or non-finite.
  public init(coefficients: BlackboxCoefficients, label: String = "blackbox") throws(BlackboxCoefficientsError) {
    let a = coefficients.alpha, beta = coefficients.beta
    guard a.count >= 3, a.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw BlackboxCoefficientsError(field: "alpha_coeffs", value: "\(a)")
    }
    guard (3...7).contains(beta.count), beta.count != 6, beta.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw BlackboxCoefficientsError(field: "beta_coeffs", value: "\(beta)",
                                      allowed: "3, 4, 5 or 7 finite numbers ≥ 0 (β5 needs its knee β6)")
    }
    let p = beta + Array(repeating: 0, count: 7 - beta.count)
    self.b = (p[0], p[1], p[2], p[3], p[4], p[5], p[6])
    self.usesPrefillPairs = p[4] > 0
    self.coefficients = coefficients; self.label = label
  }

  public func stepTime(for batch: BatchShape) -> SimDuration {
    let prefillTokens = Double(batch.prefillTokens), decodes = Double(batch.decodeCount)
    var micros = b.0 + b.1 * prefillTokens + b.2 * decodes + b.3 * Double(batch.decodeContextTokensSum)
    if usesPrefillPairs { micros += b.4 * BlackboxTerm.prefillAttentionPairs(batch) }
    if b.5 > 0 { micros += b.5 * max(0, prefillTokens + decodes - b.6) }
    let truncated = SimDuration(truncatingMicroseconds: micros)
    return truncated.microseconds < 1 ? SimDuration(microseconds: 1) : truncated
  }

  public var summary: String { label }
}
