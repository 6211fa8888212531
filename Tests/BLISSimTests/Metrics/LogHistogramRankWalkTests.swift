import Foundation
import Testing
@testable import BLISSim

/// The straightforward percentile a `LogHistogram` must report: sort every sample, take the
/// samples at ranks ⌊rank⌋ and ⌈rank⌉, report each at its bucket's reported value, interpolate.
private func referencePercentileMicros(_ sorted: [Int64], _ p: Double, in h: LogHistogram) -> Double {
  let rank = p / 100 * Double(sorted.count - 1)
  let lo = Int(rank.rounded(.down))
  let hi = Int(rank.rounded(.up))
  let a = h.reportedMicros(ofBucket: LogHistogram.bucket(sorted[lo]))
  let b = h.reportedMicros(ofBucket: LogHistogram.bucket(sorted[hi]))
  return a + (b - a) * (rank - rank.rounded(.down))
}

/// Random samples of several shapes: exact small values, wide lognormals, clusters, zeros.
private func randomSamples(_ rng: inout SeededGenerator) -> [Int64] {
  let n = Int(rng.next() % 3_000) + 1
  let shape = rng.next() % 4
  return (0..<n).map { _ in
    switch shape {
    case 0: return Int64(rng.next() % 200)
    case 1: return Int64(exp(9 + 3 * rng.nextStandardNormal()))
    case 2: return rng.next() % 3 == 0 ? 0 : 40_000 + Int64(rng.next() % 500)
    default: return Int64(rng.next() % 50_000_000)
    }
  }
}

@Suite struct LogHistogramRankWalkTests {
  /// Seeds 0..<300: random sizes up to 3,000; seeds 300..<400: 1–40 samples, where the p99's
  /// lower rank can lie below the p95's upper one.
  @Test func statsAndPercentilesEqualTheSortedSamplesReference() {
    for seed in UInt64(0)..<400 {
      var rng = SeededGenerator(seed: seed)
      var samples = randomSamples(&rng)
      if seed >= 300 { samples = Array(samples.prefix(1 + Int(seed % 40))) }
      var h = LogHistogram()
      for v in samples { h.add(v) }
      let sorted = samples.sorted()
      let stats = h.stats
      for (ms, p) in [(stats.p50Ms, 50.0), (stats.p90Ms, 90), (stats.p95Ms, 95), (stats.p99Ms, 99)] {
        #expect(ms == referencePercentileMicros(sorted, p, in: h) / 1e3, "seed \(seed) p\(p)")
      }
      for p in [0.0, 12.5, 50, 99.9, 100] {
        #expect(h.percentileMicros(p) == referencePercentileMicros(sorted, p, in: h), "seed \(seed) p\(p)")
      }
    }
  }

  @Test func mergedAndSubtractedHistogramsEqualOnesBuiltFromTheirSamples() {
    for seed in UInt64(0)..<100 {
      var rng = SeededGenerator(seed: seed)
      let first = randomSamples(&rng), second = randomSamples(&rng)
      var a = LogHistogram(), b = LogHistogram(), both = LogHistogram()
      for v in first { a.add(v); both.add(v) }
      for v in second { b.add(v); both.add(v) }
      var merged = a
      merged.merge(b)
      #expect(merged == both, "seed \(seed)")   // the same buckets, counts, sum and maximum
      let since = both.subtracting(a)
      #expect(since.count == second.count)
      let buckets = (first + second).map(LogHistogram.bucket)
      let tally = Dictionary(buckets.map { ($0, 1) }, uniquingKeysWith: +)
      for bucket in max(0, buckets.min()! - 2)...(buckets.max()! + 2) {
        #expect(since.samples(inBucket: bucket) == b.samples(inBucket: bucket), "seed \(seed) bucket \(bucket)")
        #expect(merged.samples(inBucket: bucket) == tally[bucket, default: 0], "seed \(seed) bucket \(bucket)")
      }
      let limit = Int64(rng.next() % 60_000_000)
      #expect(both.count(inBucketsAbove: limit)
        == (first + second).filter { LogHistogram.bucket($0) > LogHistogram.bucket(limit) }.count, "seed \(seed)")
    }
  }
}
