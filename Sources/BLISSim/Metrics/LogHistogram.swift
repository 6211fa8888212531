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

  /// Summary in milliseconds.
  var stats: LatencyStats {
    guard count > 0 else { return .empty }
    return LatencyStats(count: count, meanMs: sumMicros / Double(count) / 1e3,
                        p50Ms: percentileMicros(50) / 1e3, p90Ms: percentileMicros(90) / 1e3,
                        p95Ms: percentileMicros(95) / 1e3, p99Ms: percentileMicros(99) / 1e3,
                        maxMs: Double(maxMicros) / 1e3)
  }
}
