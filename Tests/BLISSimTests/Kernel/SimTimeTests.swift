import Foundation
import Testing
@testable import BLISSim

@Test func timePlusDurationIsTime() {
  let t = SimTime(microseconds: 100) + SimDuration(microseconds: 50)
  #expect(t == SimTime(microseconds: 150))
  #expect(t - SimTime(microseconds: 20) == SimDuration(microseconds: 130))
}

@Test func truncatingConversionDropsTheFraction() {
  #expect(SimDuration(truncatingMicroseconds: 150.9) == SimDuration(microseconds: 150))
  #expect(SimDuration(truncatingMicroseconds: .nan) == .zero)
}

/// Issue 13 item 3: floating-point values beyond Int64 (a rate of 1e-12 req/s, a trace arrival
/// of 1e13 s, β0 = 1e300 µs) used to trap in `Int64(_:)`; the time types saturate instead.
@Test func conversionsSaturateInsteadOfTrapping() {
  #expect(SimDuration(truncatingMicroseconds: 1e300) == .max)
  #expect(SimDuration(truncatingMicroseconds: -1e300).microseconds == .min)
  #expect(SimDuration(truncatingMicroseconds: .infinity) == .max)
  #expect(SimDuration(truncatingMicroseconds: .nan) == .zero)
  #expect(SimDuration(truncatingMicroseconds: 9.3e18) == .max)
  #expect(SimDuration(truncatingMicroseconds: 12.9).microseconds == 12)
  #expect(SimDuration(truncatingMicroseconds: -12.9).microseconds == -12)
  #expect(SimTime(seconds: 9.3e12).microseconds == .max)
  #expect(SimTime(seconds: 1.5).microseconds == 1_500_000)
  #expect(SimDuration.seconds(1e300) == .max)
  #expect(SimDuration.milliseconds(-1e300).microseconds == .min)
  #expect(SimDuration(checkedMicroseconds: 1e19) == nil)
  #expect(SimDuration(checkedMicroseconds: .nan) == nil)
  #expect(SimDuration(checkedMicroseconds: 7.9) == SimDuration(microseconds: 7))
}

@Test func arithmeticSaturatesAtTheEnds() {
  let late = SimTime(microseconds: .max - 10)
  #expect(late + SimDuration(microseconds: 100) == .distantFuture)
  #expect(SimTime.zero - SimTime(microseconds: .min) == .max)
  #expect(SimDuration.max + SimDuration(microseconds: 1) == .max)
  #expect(SimDuration(microseconds: .min) - SimDuration(microseconds: 1) == SimDuration(microseconds: .min))
  #expect(SimDuration(microseconds: 1 << 62) * 4 == .max)
  #expect(SimDuration(microseconds: -(1 << 62)) * 4 == SimDuration(microseconds: .min))
  #expect(SimDuration(microseconds: 3) * 4 == SimDuration(microseconds: 12))
}

/// The engine's inline rounding (step times, TPOT) must be `rounded()` exactly: halves away from
/// zero, the largest double below a half, values near 2^52 and beyond, and random magnitudes.
@Test func inlineRoundingEqualsTheStandardLibrarysRounded() {
  var values: [Double] = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                          4_503_599_627_370_495.5, 4_503_599_627_370_496, 9_007_199_254_740_993, 1e300, -1e300,
                          .infinity, -.infinity, .leastNonzeroMagnitude, 123_456.5, 9.223372036854775e18]
  var rng = SeededGenerator(seed: 7)
  for _ in 0..<100_000 {
    let magnitude = Double(rng.next() % 60)
    values.append((Double(rng.next() % 1_000_000) / 1_000_000 - 0.5) * Foundation.pow(2, magnitude))
  }
  for v in values {
    #expect(roundedHalfAwayFromZero(v).bitPattern == v.rounded().bitPattern || (v.rounded() == 0 && roundedHalfAwayFromZero(v) == 0),
            "\(v)")
  }
  #expect(roundedHalfAwayFromZero(.nan).isNaN)
}
