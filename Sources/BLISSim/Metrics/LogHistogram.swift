/// A log-bucketed histogram of non-negative integer microsecond values, for percentiles over
/// millions of samples in bounded memory.
///
/// Values below 128 µs have exact buckets. Larger values are bucketed by their binary exponent and
/// the next 7 mantissa bits (128 buckets per power of two, HDR-histogram style), so a bucket's
/// width is at most 1/128 of its lower bound. Percentiles report bucket midpoints: the relative
/// error of any reported percentile is ≤ 1/256 ≈ 0.39 % (the bound is 0.5 %). Mean and
/// max are exact. Memory: ≤ 7,424 counters, allocated on first use.
struct LogHistogram: Sendable, Hashable {
  private var counts: [Int] = []
  private(set) var count = 0
  private(set) var sumMicros: Double = 0
  private(set) var maxMicros: Int64 = 0

  private static let subBits = 7
  private static let subCount = 1 << subBits

  @inline(__always)
  static func bucket(_ v: Int64) -> Int {
    if v < Int64(subCount) { return Int(max(0, v)) }
    let e = 63 - v.leadingZeroBitCount  // ≥ 7
    let sub = Int((v >> (e - subBits)) & Int64(subCount - 1))
    return (e - subBits + 1) * subCount + sub
  }

  /// Lower bound and width of bucket `b`.
  static func range(of b: Int) -> (low: Double, width: Double) {
    if b < subCount { return (Double(b), 1) }
    let e = b / subCount + subBits - 1
    let sub = b % subCount
    let width = Double(Int64(1) << (e - subBits))
    return (Double(Int64(1) << e) + Double(sub) * width, width)
  }

  /// Adds `weight` samples of value `micros`.
  @inline(__always)
  mutating func add(_ micros: Int64, weight: Int = 1) {
    let b = LogHistogram.bucket(micros)
    if b >= counts.count { grow(to: b) }
    counts[b] += weight
    count += weight
    sumMicros += Double(micros) * Double(weight)
    if micros > maxMicros { maxMicros = micros }
  }

  private mutating func grow(to b: Int) {
    counts.append(contentsOf: repeatElement(0, count: b + 1 - counts.count))
  }

  mutating func merge(_ other: LogHistogram) {
    if other.counts.count > counts.count { grow(to: other.counts.count - 1) }
    for i in 0..<other.counts.count { counts[i] += other.counts[i] }
    count += other.count
    sumMicros += other.sumMicros
    maxMicros = max(maxMicros, other.maxMicros)
  }

  /// The samples added to `self` since it was `earlier` (a copy taken before more `add`s):
  /// counts and sums subtracted bucket by bucket. The maximum stays `self`'s (an upper bound).
  func subtracting(_ earlier: LogHistogram) -> LogHistogram {
    var difference = self
    for i in 0..<min(earlier.counts.count, difference.counts.count) { difference.counts[i] -= earlier.counts[i] }
    difference.count -= earlier.count
    difference.sumMicros -= earlier.sumMicros
    return difference
  }

  /// Samples in buckets that lie entirely above `micros` (every such sample is reported above it).
  func count(inBucketsAbove micros: Int64) -> Int {
    let first = LogHistogram.bucket(micros) + 1
    guard first < counts.count else { return 0 }
    return counts[first...].reduce(0, +)
  }

  /// The value at 0-based rank `r` among the sorted samples (bucket midpoint, exact below 128 µs).
  private func value(atRank r: Int) -> Double {
    var seen = 0
    for (b, c) in counts.enumerated() where c > 0 {
      seen += c
      if seen > r {
        let (low, width) = LogHistogram.range(of: b)
        return width == 1 ? low : min(low + width / 2, Double(maxMicros))
      }
    }
    return Double(maxMicros)
  }

  /// Percentile `p` in [0, 100] with numpy's "linear" interpolation between ranks.
  func percentileMicros(_ p: Double) -> Double {
    guard count > 0 else { return 0 }
    let rank = p / 100 * Double(count - 1)
    let lo = Int(rank.rounded(.down))
    let hi = Int(rank.rounded(.up))
    let a = value(atRank: lo)
    if hi == lo { return a }
    return a + (value(atRank: hi) - a) * (rank - Double(lo))
  }

  /// Values at several 0-based ranks (ascending), in one pass over the buckets.
  private func values(atSortedRanks ranks: [Int]) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(ranks.count)
    var k = 0
    var seen = 0
    for (b, c) in counts.enumerated() where c > 0 {
      seen += c
      while k < ranks.count && ranks[k] < seen {
        let (low, width) = LogHistogram.range(of: b)
        out.append(width == 1 ? low : min(low + width / 2, Double(maxMicros)))
        k += 1
      }
      if k == ranks.count { break }
    }
    while out.count < ranks.count { out.append(Double(maxMicros)) }
    return out
  }

  /// Summary in milliseconds (p50/p90/p95/p99 from one pass over the buckets).
  var stats: LatencyStats {
    guard count > 0 else { return .empty }
    let ps = [50.0, 90, 95, 99]
    var ranks: [Int] = []
    for p in ps {
      let rank = p / 100 * Double(count - 1)
      ranks.append(Int(rank.rounded(.down)))
      ranks.append(Int(rank.rounded(.up)))
    }
    let v = values(atSortedRanks: ranks)
    func percentile(_ i: Int) -> Double {
      let rank = ps[i] / 100 * Double(count - 1)
      let a = v[2 * i], b = v[2 * i + 1]
      return (a + (b - a) * (rank - rank.rounded(.down))) / 1e3
    }
    return LatencyStats(count: count, meanMs: sumMicros / Double(count) / 1e3, p50Ms: percentile(0),
                        p90Ms: percentile(1), p95Ms: percentile(2), p99Ms: percentile(3),
                        maxMs: Double(maxMicros) / 1e3)
  }
}
