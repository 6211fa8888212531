// PREVIEW ONLY — percentiles for the fake engine (log buckets, ~1 % resolution).
import BLISSim
import Foundation

/// A log-bucketed histogram of milliseconds: O(1) record, O(buckets) percentiles.
struct PreviewHistogram: Sendable {
  private static let bucketsPerDecade = 230.0
  private static let minimumMs = 0.001
  private var buckets = [Int](repeating: 0, count: 2_100)
  private(set) var count = 0
  private var sumMs = 0.0
  private var maxMs = 0.0

  mutating func record(ms: Double) {
    let value = max(Self.minimumMs, ms)
    let index = min(buckets.count - 1, Int(log10(value / Self.minimumMs) * Self.bucketsPerDecade))
    buckets[index] += 1
    count += 1
    sumMs += ms
    maxMs = max(maxMs, ms)
  }

  private func percentile(_ fraction: Double) -> Double {
    guard count > 0 else { return 0 }
    let rank = Int((fraction * Double(count)).rounded(.up))
    var seen = 0
    for (index, n) in buckets.enumerated() where n > 0 {
      seen += n
      if seen >= rank { return min(maxMs, Self.minimumMs * pow(10, (Double(index) + 0.5) / Self.bucketsPerDecade)) }
    }
    return maxMs
  }

  var stats: LatencyStats {
    guard count > 0 else { return .empty }
    return LatencyStats(count: count, meanMs: sumMs / Double(count), p50Ms: percentile(0.5), p90Ms: percentile(0.9),
                        p95Ms: percentile(0.95), p99Ms: percentile(0.99), maxMs: maxMs)
  }
}
