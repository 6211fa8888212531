/// A simple step-time model for tests and the benchmark:
/// `step = base + perPrefillToken·prefill tokens + perDecode·decodes + perContextToken·Σ decode context`.
///
/// The defaults are roughly Llama-3.1-8B on one H100 (≈ 6 ms per step plus ≈ 0.03 ms per decode
/// request). Not a substitute for the roofline or blackbox models.
public struct AffineLatencyModel: LatencyModel {
  public var baseMicros: Double
  public var perPrefillTokenMicros: Double
  public var perDecodeMicros: Double
  public var perDecodeContextTokenMicros: Double

  public init(baseMicros: Double = 6_000, perPrefillTokenMicros: Double = 0.1, perDecodeMicros: Double = 30,
              perDecodeContextTokenMicros: Double = 0.002) {
    self.baseMicros = baseMicros; self.perPrefillTokenMicros = perPrefillTokenMicros
    self.perDecodeMicros = perDecodeMicros; self.perDecodeContextTokenMicros = perDecodeContextTokenMicros
  }

  public func stepTime(for batch: BatchShape) -> SimDuration {
    let micros = baseMicros + perPrefillTokenMicros * Double(batch.prefillTokens) + perDecodeMicros
      * Double(batch.decodeCount) + perDecodeContextTokenMicros * Double(batch.decodeContextTokensSum)
    return SimDuration(microseconds: max(1, Int64(micros)))
  }

  public var summary: String {
    "affine: \(baseMicros) µs + \(perPrefillTokenMicros) µs/prefill token + \(perDecodeMicros) µs/decode"
      + " + \(perDecodeContextTokenMicros) µs/context token"
  }
}
