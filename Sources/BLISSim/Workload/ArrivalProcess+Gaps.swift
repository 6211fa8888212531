import Foundation

extension ArrivalProcess {
  /// The random part of one inter-arrival gap, drawn from the `arrivals` stream: it does not
  /// depend on the rate, so draws made once serve every rate (`WorkloadDraws`). A constant process
  /// draws nothing (returns 0).
  func drawGap(using arrivals: inout SeededGenerator) -> Double {
    switch self {
    case .constant: return 0
    case .poisson: return arrivals.nextExponential()
    case .gamma(let cv):
      let shape = 1 / (cv * cv)
      return shape < 0.01 ? arrivals.nextExponential() : arrivals.nextGamma(shape: shape)
    }
  }

  /// The gap, µs, from a `drawGap` draw and the stage's mean gap (µs). Gamma gaps scale a
  /// Gamma(shape, 1) draw by the mean gap and cv² (its scale); below shape 0.01 they are exponential.
  @inline(__always)
  func gapMicros(draw: Double, meanGapMicros: Double) -> Double {
    switch self {
    case .constant: return meanGapMicros
    case .poisson: return draw * meanGapMicros
    case .gamma(let cv): return 1 / (cv * cv) < 0.01 ? draw * meanGapMicros : draw * meanGapMicros * cv * cv
    }
  }

  /// Whether gaps are drawn at all (not `.constant`).
  var drawsGaps: Bool {
    if case .constant = self { return false }
    return true
  }
}
