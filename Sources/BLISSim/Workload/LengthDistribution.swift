import Foundation

/// A distribution of token counts. Every sample is rounded and clamped to ≥ 1.
public enum LengthDistribution: Sendable, Hashable, Codable {
  case constant(Int)
  /// Uniform integers in [min, max].
  case uniform(min: Int, max: Int)
  /// Gaussian, rounded and clamped to [min, max].
  case normal(mean: Double, stdev: Double, min: Int, max: Int)
  /// Lognormal with the given mean and standard deviation *of the lengths*, clamped to [min, max].
  case lognormal(mean: Double, stdev: Double, min: Int, max: Int)
  /// One of `values`, with probabilities proportional to `weights` (all equal if empty).
  case empirical(values: [Int], weights: [Double])

  /// What every `sample` returns (without drawing) when the distribution is a constant.
  var constantSample: Int? {
    if case .constant(let v) = self { return Swift.max(1, v) }
    return nil
  }

  /// Draws one length.
  public func sample(using rng: inout SeededGenerator) -> Int {
    switch self {
    case .constant(let v):
      return Swift.max(1, v)
    case .uniform(let lo, let hi):
      return Swift.max(1, rng.nextInt(in: lo...hi))
    case .normal(let mean, let stdev, let lo, let hi):
      let x = (mean + stdev * rng.nextStandardNormal()).rounded()
      return Swift.max(1, Swift.min(hi, Swift.max(lo, Int(Swift.max(-1e15, Swift.min(1e15, x))))))
    case .lognormal(let mean, let stdev, let lo, let hi):
      let sigma2 = Foundation.log(1 + (stdev * stdev) / (mean * mean))
      let mu = Foundation.log(mean) - sigma2 / 2
      let x = Foundation.exp(mu + sigma2.squareRoot() * rng.nextStandardNormal()).rounded()
      return Swift.max(1, Swift.min(hi, Swift.max(lo, Int(Swift.min(1e15, x)))))
    case .empirical(let values, let weights):
      if weights.isEmpty { return Swift.max(1, values[Int(rng.next() % UInt64(values.count))]) }
      let total = weights.reduce(0, +)
      var u = rng.nextUnit() * total
      for (v, w) in zip(values, weights) {
        if u < w { return Swift.max(1, v) }
        u -= w
      }
      return Swift.max(1, values[values.count - 1])
    }
  }

  /// Expected value before clamping (for sizing and documentation).
  public var nominalMean: Double {
    switch self {
    case .constant(let v): return Double(v)
    case .uniform(let lo, let hi): return Double(lo + hi) / 2
    case .normal(let m, _, _, _), .lognormal(let m, _, _, _): return m
    case .empirical(let values, let weights):
      if weights.isEmpty { return Double(values.reduce(0, +)) / Double(Swift.max(1, values.count)) }
      let total = weights.reduce(0, +)
      return zip(values, weights).reduce(0) { $0 + Double($1.0) * $1.1 } / total
    }
  }

  /// Throws a `WorkloadError` naming `field` if a parameter is out of range (every length within
  /// 1…`WorkloadLimits.maxTokens`).
  func validate(field: String) throws {
    func bad(_ sub: String, _ value: Any, _ allowed: String) -> WorkloadError {
      WorkloadError.outOfRange(field: "\(field).\(sub)", value: "\(value)", allowed: allowed)
    }
    let limit = WorkloadLimits.maxTokens
    let tokens = "an integer in 1...\(limit)"
    switch self {
    case .constant(let v):
      if !(1...limit).contains(v) { throw bad("value", v, tokens) }
    case .uniform(let lo, let hi):
      if !(1...limit).contains(lo) { throw bad("min", lo, tokens) }
      if hi < lo || hi > limit { throw bad("max", hi, "an integer in \(lo)...\(limit) (≥ min)") }
    case .normal(let mean, let stdev, let lo, let hi), .lognormal(let mean, let stdev, let lo, let hi):
      if !(mean.isFinite && mean > 0 && mean <= Double(limit)) { throw bad("mean", mean, "> 0 and ≤ \(limit)") }
      if !(stdev.isFinite && stdev >= 0 && stdev <= Double(limit)) { throw bad("stdev", stdev, "≥ 0 and ≤ \(limit)") }
      if !(1...limit).contains(lo) { throw bad("min", lo, tokens) }
      if hi < lo || hi > limit { throw bad("max", hi, "an integer in \(lo)...\(limit) (≥ min)") }
    case .empirical(let values, let weights):
      if values.isEmpty { throw bad("values", "[]", "a non-empty list of token counts") }
      if let v = values.first(where: { !(1...limit).contains($0) }) { throw bad("values", v, "every value in 1...\(limit)") }
      if !weights.isEmpty && weights.count != values.count {
        throw bad("weights", "\(weights.count) entries", "one weight per value (\(values.count))")
      }
      if let w = weights.first(where: { !($0.isFinite && $0 >= 0 && $0 <= 1e300) }) { throw bad("weights", w, "finite and ≥ 0") }
      let total = weights.reduce(0, +)
      if !weights.isEmpty && !(total > 0 && total.isFinite) { throw bad("weights", total == 0 ? "all zero" : "\(total) in total", "a positive, finite sum") }
    }
  }
}
