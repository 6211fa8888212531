/// The summary benchmark_serving would have printed for a simulated run, computed from the
/// simulation's per-request records with its definitions (`BenchmarkMetric.Quantity.definition`).
public enum BenchmarkServingMetrics {
  /// Predicted values, and how many requests completed in the simulation.
  ///
  /// - Parameters:
  ///   - records: the run's records (any order); `id` is the request's position in the replay.
  ///   - countedOutputTokens: per request, the output tokens benchmark_serving counted (0 = empty
  ///     output, which the simulation served as one EOS token).
  ///   - pooledITL: the run's pooled chunk-gap histogram, for the ITL median and p99 (records keep
  ///     only each request's sum and count of gaps).
  public static func compute(records: [RequestRecord], countedOutputTokens: [Int],
                             pooledITL: LatencyStats) -> (values: [BenchmarkMetric: Double], completed: Int) {
    var ttfts: [Double] = [], tpots: [Double] = [], e2es: [Double] = []
    var itlSumMicros: Int64 = 0, itlCount = 0, outputTokens = 0
    var endSeconds = 0.0
    for r in records where r.outcome == .completed {
      let counted = r.id >= 0 && r.id < countedOutputTokens.count ? countedOutputTokens[r.id] : r.outputTokens
      let outputs = counted == 0 ? 0 : r.outputTokens
      let ttftMs = outputs == 0 ? 0 : Double(r.ttftMicros) / 1e3
      let e2eMs = Double(r.e2eMicros) / 1e3
      ttfts.append(ttftMs)
      e2es.append(e2eMs)
      if outputs > 1 { tpots.append((e2eMs - ttftMs) / Double(outputs - 1)) }
      if outputs > 0 { itlSumMicros += r.itlSumMicros; itlCount += r.itlCount }
      outputTokens += outputs
      endSeconds = max(endSeconds, r.arrivalSeconds + Double(r.e2eMicros) / 1e6)
    }
    var values: [BenchmarkMetric: Double] = [:]
    for (quantity, samples) in [(BenchmarkMetric.Quantity.ttft, ttfts), (.tpot, tpots), (.e2e, e2es)] {
      let sorted = samples.sorted()
      for statistic in BenchmarkMetric.Statistic.allCases {
        values[BenchmarkMetric(quantity, statistic)] = LinearPercentile.summary(sorted: sorted, statistic)
      }
    }
    values[.meanITL] = itlCount == 0 ? 0 : Double(itlSumMicros) / 1e3 / Double(itlCount)
    values[.medianITL] = itlCount == 0 ? 0 : pooledITL.p50Ms
    values[.p99ITL] = itlCount == 0 ? 0 : pooledITL.p99Ms
    values[.outputThroughput] = endSeconds > 0 ? Double(outputTokens) / endSeconds : 0
    return (values, e2es.count)
  }
}
