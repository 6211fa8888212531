import Foundation

extension SeededGenerator {
  /// Uniform in [0, 1), 53 bits of precision.
  @inline(__always)
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in (0, 1]: safe to take the logarithm of.
  @inline(__always)
  public mutating func nextOpenUnit() -> Double {
    Double((next() >> 11) + 1) * 0x1.0p-53
  }

  /// Exponential with mean 1.
  public mutating func nextExponential() -> Double {
    -Foundation.log(nextOpenUnit())
  }

  /// Standard normal (Box–Muller; one of the pair is discarded to keep the generator stateless).
  public mutating func nextStandardNormal() -> Double {
    let u1 = nextOpenUnit()
    let u2 = nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the boost `G(a+1)·U^(1/a)`.
  public mutating func nextGamma(shape: Double) -> Double {
    precondition(shape > 0, "gamma shape must be positive")
    if shape < 1 {
      let g = nextGamma(shape: shape + 1)
      return g * Foundation.pow(nextOpenUnit(), 1 / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = nextStandardNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = nextOpenUnit()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
    }
  }

  /// Uniform integer in `range` (inclusive), unbiased.
  public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
    Int.random(in: range, using: &self)
  }
}
