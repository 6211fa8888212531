/// Trained α/β coefficients of the blackbox step-time model (one `defaults.yaml` row), µs units.
public struct BlackboxCoefficients: Sendable, Equatable, Codable {
  /// α0 µs per request on arrival, α1 µs per input token on arrival, α2 µs per output token (metrics only).
  public var alpha: [Double]
  /// β0 µs per step, β1 µs per prefill token, β2 µs per decode request; an optional β3 µs per cached
  /// decode-context token (not in the reference; 0 when absent).
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
  public var description: String { "\(field) = \(value) is invalid (allowed: at least 3 finite numbers ≥ 0)" }
}

/// The reference's blackbox model: `step = max(1, trunc(β0 + β1·prefill_tokens + β2·decode_requests))`.
///
/// Prefill tokens are the chunk tokens computed this step (prefix-cache hits excluded). The α terms
/// become `cpuOverheads`: α0 + α1·input delays the request's entry into the wait queue, α2 is added
/// to every emitted token's latency but never to the clock; there is no per-step CPU overhead.
public struct BlackboxModel: LatencyModel {
  public let coefficients: BlackboxCoefficients
  public let label: String

  /// - Throws: `BlackboxCoefficientsError` if α or β has fewer than 3 entries or a negative/non-finite one.
  public init(coefficients: BlackboxCoefficients, label: String = "blackbox") throws(BlackboxCoefficientsError) {
    for (name, v) in [("alpha_coeffs", coefficients.alpha), ("beta_coeffs", coefficients.beta)] {
      guard v.count >= 3, v.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
        throw BlackboxCoefficientsError(field: name, value: "\(v)")
      }
    }
    self.coefficients = coefficients; self.label = label
  }

  public func stepTime(for batch: BatchShape) -> SimDuration {
    let b = coefficients.beta
    var micros = b[0] + b[1] * Double(batch.prefillTokens) + b[2] * Double(batch.decodeCount)
    if b.count > 3 { micros += b[3] * Double(batch.decodeContextTokensSum) }
    let truncated = SimDuration(truncatingMicroseconds: micros)
    return truncated.microseconds < 1 ? SimDuration(microseconds: 1) : truncated
  }

  public var cpuOverheads: CPUOverheads {
    let a = coefficients.alpha
    return CPUOverheads(arrivalBaseMicros: a[0], arrivalPerInputTokenMicros: a[1], outputTokenMicros: a[2])
  }

  public var summary: String { label }
}
