/// A log-bucketed histogram of non-negative integer microsecond values, for percentiles over
/// millions of samples in bounded memory.
///
/// Values below 128 µs have exact buckets. Larger values are bucketed by their binary exponent and
/// the next 7 mantissa bits (128 buckets per power of two, HDR-histogram style), so a bucket's
/// width is at most 1/128 of its lower bound. Percentiles report bucket midpoints: the relative
/// error of any reported percentile is ≤ 1/256 ≈ 0.39 % (the bound is 0.5 %). Mean and
/// max are exact. Memory: one counter per bucket between the lowest and the highest sample
/// (≤ 7,424), allocated on first use: latencies of milliseconds to seconds leave the ~1,000
/// buckets below them unallocated, so merges and percentile walks skip them.
struct LogHistogram: Sendable, Hashable {
  /// Samples per bucket, of buckets `firstBucket`, `firstBucket + 1`, … (read by `RankWalk`).
  private(set) var counts: [Int] = []
  /// The bucket `counts[0]` counts: the lowest bucket ever added to (0 while empty).
  private(set) var firstBucket = 0
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
    var i = b &- firstBucket
    if UInt(bitPattern: i) >= UInt(counts.count) {
      makeRoom(for: b)
      i = b &- firstBucket
    }
    counts.withUnsafeMutableBufferPointer { $0[i] &+= weight }   // in range: no bounds check
    count += weight
    sumMicros += Double(micros) * Double(weight)
    if micros > maxMicros { maxMicros = micros }
  }

  /// Samples in bucket `b`.
  func samples(inBucket b: Int) -> Int {
    let i = b - firstBucket
    return i >= 0 && i < counts.count ? counts[i] : 0
  }

  /// Extends `counts` (with empty buckets) so it covers bucket `b`.
  private mutating func makeRoom(for b: Int) {
    if counts.isEmpty {
      firstBucket = b
      counts = [0]
    } else if b < firstBucket {
      counts.insert(contentsOf: repeatElement(0, count: firstBucket - b), at: 0)
      firstBucket = b
    } else if b >= firstBucket + counts.count {
      counts.append(contentsOf: repeatElement(0, count: b + 1 - firstBucket - counts.count))
    }
  }

  /// Adds `other`'s samples. Bucket counts are added with wrapping `&+` over raw buffers, so the
  /// loop vectorizes (a count cannot reach 2⁶³).
  mutating func merge(_ other: LogHistogram) {
    if !other.counts.isEmpty {
      makeRoom(for: other.firstBucket)
      makeRoom(for: other.firstBucket + other.counts.count - 1)
      let offset = other.firstBucket - firstBucket
      counts.withUnsafeMutableBufferPointer { mine in
        other.counts.withUnsafeBufferPointer { theirs in
          for i in theirs.indices { mine[offset + i] &+= theirs[i] }
        }
      }
    }
    count += other.count
    sumMicros += other.sumMicros
    maxMicros = max(maxMicros, other.maxMicros)
  }

  /// The samples added to `self` since it was `earlier` (a copy taken before more `add`s):
  /// counts and sums subtracted bucket by bucket. The maximum stays `self`'s (an upper bound).
  func subtracting(_ earlier: LogHistogram) -> LogHistogram {
    var difference = self
    // `earlier`'s buckets lie within `self`'s (buckets are only ever added).
    let lower = max(firstBucket, earlier.firstBucket)
    let upper = min(firstBucket + counts.count, earlier.firstBucket + earlier.counts.count)
    if lower < upper {
      difference.counts.withUnsafeMutableBufferPointer { mine in
        earlier.counts.withUnsafeBufferPointer { theirs in
          for b in lower..<upper { mine[b - firstBucket] &-= theirs[b - earlier.firstBucket] }
        }
      }
    }
    difference.count -= earlier.count
    difference.sumMicros -= earlier.sumMicros
    return difference
  }

  /// Samples in buckets that lie entirely above `micros` (every such sample is reported above it).
  func count(inBucketsAbove micros: Int64) -> Int {
    let first = max(0, LogHistogram.bucket(micros) + 1 - firstBucket)
    guard first < counts.count else { return 0 }
    return counts.withUnsafeBufferPointer { c in
      var total = 0
      for b in first..<c.count { total &+= c[b] }
      return total
    }
  }

  /// The value reported for a sample in bucket `b`: its midpoint (capped by the maximum), or the
  /// exact value below 128 µs.
  func reportedMicros(ofBucket b: Int) -> Double {
    let (low, width) = LogHistogram.range(of: b)
    return width == 1 ? low : min(low + width / 2, Double(maxMicros))
  }

  /// Percentile `p` in [0, 100] with numpy's "linear" interpolation between ranks.
  func percentileMicros(_ p: Double) -> Double {
    guard count > 0 else { return 0 }
    var walk = RankWalk(self)
    return walk.percentileMicros(p)
  }

  /// Summary in milliseconds (p50/p90/p95/p99 from one pass over the buckets).
  var stats: LatencyStats {
    guard count > 0 else { return .empty }
    var walk = RankWalk(self)
    let p50 = walk.percentileMicros(50), p90 = walk.percentileMicros(90)
    let p95 = walk.percentileMicros(95), p99 = walk.percentileMicros(99)
    return LatencyStats(count: count, meanMs: sumMicros / Double(count) / 1e3, p50Ms: p50 / 1e3, p90Ms: p90 / 1e3,
                        p95Ms: p95 / 1e3, p99Ms: p99 / 1e3, maxMs: Double(maxMicros) / 1e3)
  }
}
