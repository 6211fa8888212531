extension LogHistogram {
  /// One pass over a histogram's buckets for ascending ranks: each query resumes where the
  /// previous one stopped, and runs of buckets wholly below the rank are skipped a block at a
  /// time.
  ///
  /// A value type holding a copy of the histogram (the copy shares its buckets' storage).
  struct RankWalk {
    private let histogram: LogHistogram
    /// Index in `counts` of the bucket the last rank fell in (where the next search starts).
    private var bucket = 0
    /// Samples in the buckets before `bucket`.
    private var samplesBelow = 0
    /// Buckets summed per step while skipping (a constant-length loop the compiler unrolls).
    private static let blockBuckets = 16

    init(_ histogram: LogHistogram) { self.histogram = histogram }

    /// The value at 0-based rank `r` among the sorted samples (bucket midpoint, exact below
    /// 128 µs; the maximum past the last sample). A rank below the bucket an earlier query
    /// stopped in starts again from the first bucket (in `stats` of fewer than ~25 samples the
    /// p99's lower rank can lie below the p95's upper rank).
    mutating func value(atRank r: Int) -> Double {
      if r < samplesBelow { (bucket, samplesBelow) = (0, 0) }
      let found: Int? = histogram.counts.withUnsafeBufferPointer { c in
        var b = bucket, below = samplesBelow
        while b + Self.blockBuckets <= c.count {
          var block = 0
          for k in b..<(b + Self.blockBuckets) { block &+= c[k] }
          if below &+ block > r { break }
          below &+= block
          b += Self.blockBuckets
        }
        while b < c.count, below &+ c[b] <= r {
          below &+= c[b]
          b += 1
        }
        bucket = b
        samplesBelow = below
        return b < c.count ? b : nil
      }
      return found.map { histogram.reportedMicros(ofBucket: histogram.firstBucket + $0) } ?? Double(histogram.maxMicros)
    }

    /// Percentile `p` in [0, 100] with numpy's "linear" interpolation between ranks ⌊rank⌋ and
    /// ⌈rank⌉ (each as `value(atRank:)` reports it). The histogram must not be empty.
    mutating func percentileMicros(_ p: Double) -> Double {
      let rank = p / 100 * Double(histogram.count - 1)
      let lo = Int(rank.rounded(.down))
      let hi = Int(rank.rounded(.up))
      let a = value(atRank: lo)
      if hi == lo { return a }
      return a + (value(atRank: hi) - a) * (rank - Double(lo))
    }
  }
}
