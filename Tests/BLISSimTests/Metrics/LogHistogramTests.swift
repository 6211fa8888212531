import Foundation
import Testing
@testable import BLISSim

/// Exact numpy-"linear" percentile over sorted values.
private func exactPercentile(_ sorted: [Int64], _ p: Double) -> Double {
  let rank = p / 100 * Double(sorted.count - 1)
  let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
  return Double(sorted[lo]) + (Double(sorted[hi]) - Double(sorted[lo])) * (rank - Double(lo))
}

@Test func percentilesAreWithinHalfAPercentOfExact() {
  for seed in UInt64(0)..<20 {
    var rng = SeededGenerator(seed: seed)
    var h = LogHistogram()
    var values: [Int64] = []
    let n = Int(rng.next() % 5_000) + 1
    for _ in 0..<n {
      let v = Int64(exp(8 + 2.5 * rng.nextStandardNormal()))  // µs, wide lognormal
      values.append(v)
      h.add(v)
    }
    values.sort()
    for p in [0.0, 50, 90, 95, 99, 100] {
      let exact = exactPercentile(values, p)
      let approx = h.percentileMicros(p)
      let tolerance = max(0.005 * exact, 0.5)
      #expect(abs(approx - exact) <= tolerance, "seed \(seed) p\(p): \(approx) vs exact \(exact)")
    }
    let stats = h.stats  // the one-pass summary agrees with the per-percentile queries
    for (ms, p) in [(stats.p50Ms, 50.0), (stats.p90Ms, 90), (stats.p95Ms, 95), (stats.p99Ms, 99)] {
      #expect(abs(ms * 1e3 - h.percentileMicros(p)) <= 1e-6 * max(1, ms * 1e3), "seed \(seed) p\(p)")
    }
    #expect(h.maxMicros == values.last!)
    #expect(abs(h.sumMicros - Double(values.reduce(0, +))) < 1e-6 * h.sumMicros + 1)
  }
}

@Test func weightedAddsAndMergesEqualRepeatedAdds() {
  var a = LogHistogram(), b = LogHistogram(), c = LogHistogram()
  for _ in 0..<7 { a.add(12_345) }
  a.add(99)
  b.add(12_345, weight: 7)
  c.add(99)
  b.merge(c)
  #expect(a == b)
  #expect(a.stats.count == 8)
}

@Test func bucketsAreMonotoneAndNarrow() {
  var previous = -1
  for v in stride(from: Int64(0), to: 5_000_000, by: 997) {
    let b = LogHistogram.bucket(v)
    #expect(b >= previous)
    previous = b
    let (low, width) = LogHistogram.range(of: b)
    #expect(Double(v) >= low && Double(v) < low + width)
    #expect(width <= max(1, low / 128))
  }
}

@Suite struct WindowedHistogramTests {
  @Test func subtractingLeavesTheSamplesAddedSince() {
    var h = LogHistogram()
    for v in [10, 20, 30] as [Int64] { h.add(v) }
    let earlier = h
    for v in [1_000, 2_000] as [Int64] { h.add(v) }
    let window = h.subtracting(earlier)
    #expect(window.count == 2)
    #expect(window.percentileMicros(0) >= 990 && window.percentileMicros(100) <= 2_010)
  }
}
