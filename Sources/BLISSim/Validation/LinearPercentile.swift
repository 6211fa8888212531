/// Summaries the way NumPy computes them in benchmark_serving: `np.mean`, and `np.median` /
/// `np.percentile` with linear interpolation between the closest order statistics.
public enum LinearPercentile {
  /// The `p`-th percentile (0...100) of ascending `sorted` values: rank h = p/100·(n − 1), value
  /// x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). 0 for an empty array (benchmark_serving's `or 0`).
  public static func value(sorted: [Double], percentile p: Double) -> Double {
    guard let first = sorted.first else { return 0 }
    guard sorted.count > 1 else { return first }
    let h = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
    let low = Int(h.rounded(.down))
    guard low + 1 < sorted.count else { return sorted[sorted.count - 1] }
    return sorted[low] + (h - Double(low)) * (sorted[low + 1] - sorted[low])
  }

  /// The arithmetic mean; 0 for an empty array.
  public static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
  }

  /// `statistic` of ascending `sorted` values.
  public static func summary(sorted: [Double], _ statistic: BenchmarkMetric.Statistic) -> Double {
    statistic.percentile.map { value(sorted: sorted, percentile: $0) } ?? mean(sorted)
  }
}
