import Testing
@testable import BLISSim

/// benchmark_serving's metric definitions on a hand-computed set of four requests.
@Suite struct BenchmarkServingMetricsTests {
  static func record(_ id: Int, arrival: Double, ttftMs: Int64, e2eMs: Int64, outputs: Int, chunks: Int,
                     outcome: RequestOutcome = .completed) -> RequestRecord {
    RequestRecord(id: id, outcome: outcome, instance: 0, arrivalSeconds: arrival, schedulingDelayMicros: 0,
                  ttftMicros: ttftMs * 1000, itlSumMicros: (e2eMs - ttftMs) * 1000, itlCount: max(0, chunks - 1),
                  e2eMicros: e2eMs * 1000, inputTokens: 10, outputTokens: outputs, cachedPromptTokens: 0, preemptions: 0)
  }

  /// r0: 10 tokens in 10 chunks, TTFT 100, E2E 1000 → TPOT 100, 9 gaps summing 900.
  /// r1: empty output (served as one EOS token), TTFT 50, E2E 50 → TTFT counts 0, no TPOT, 0 tokens.
  /// r2: one token, TTFT 200 = E2E → no TPOT.
  /// r3: 5 tokens in 2 chunks (multi-step), TTFT 300, E2E 700 → TPOT 100, one gap of 400.
  /// r4: dropped in the simulation → not counted anywhere.
  static let records = [
    record(0, arrival: 0, ttftMs: 100, e2eMs: 1000, outputs: 10, chunks: 10),
    record(1, arrival: 0, ttftMs: 50, e2eMs: 50, outputs: 1, chunks: 1),
    record(2, arrival: 0.5, ttftMs: 200, e2eMs: 200, outputs: 1, chunks: 1),
    record(3, arrival: 1.5, ttftMs: 300, e2eMs: 700, outputs: 5, chunks: 2),
    record(4, arrival: 0, ttftMs: 0, e2eMs: 0, outputs: 0, chunks: 0, outcome: .droppedUnservable),
  ]

  @Test func definitionsMatchHandComputedValues() {
    let itl = LatencyStats(count: 10, meanMs: 130, p50Ms: 100, p90Ms: 400, p95Ms: 400, p99Ms: 400, maxMs: 400)
    let (v, completed) = BenchmarkServingMetrics.compute(records: Self.records, countedOutputTokens: [10, 0, 1, 5, 7],
                                                          pooledITL: itl)
    #expect(completed == 4)
    func near(_ metric: BenchmarkMetric, _ expected: Double) {
      #expect(abs(v[metric]! - expected) < 1e-9, "\(metric.label): \(v[metric]!) vs \(expected)")
    }
    // TTFT [100, 0, 200, 300]: mean 150; median between 100 and 200; p99 rank 2.97 → 200 + 0.97·100.
    near(.meanTTFT, 150); near(.medianTTFT, 150); near(.p99TTFT, 297)
    // TPOT over r0 and r3 only: (1000−100)/9 = 100 and (700−300)/4 = 100.
    near(.meanTPOT, 100); near(.medianTPOT, 100); near(.p99TPOT, 100)
    // E2E [1000, 50, 200, 700]: sorted [50, 200, 700, 1000]; median 450; p99 rank 2.97 → 700 + 0.97·300.
    near(.meanE2E, 487.5); near(.medianE2E, 450); near(.p99E2E, 991)
    // ITL mean: all chunk gaps pooled, (900 + 400) / (9 + 1); median and p99 from the pooled histogram.
    near(.meanITL, 130); near(.medianITL, 100); near(.p99ITL, 400)
    // Output tokens 10 + 0 + 1 + 5 = 16 over the benchmark's duration: the last response at 1.5 + 0.7 s.
    near(.outputThroughput, 16 / 2.2)
  }

  @Test func linearPercentileIsNumPys() {
    #expect(LinearPercentile.value(sorted: [], percentile: 50) == 0)
    #expect(LinearPercentile.value(sorted: [7], percentile: 99) == 7)
    #expect(LinearPercentile.value(sorted: [1, 2, 3, 4], percentile: 50) == 2.5)
    #expect(abs(LinearPercentile.value(sorted: [1, 2, 3, 4], percentile: 99) - 3.97) < 1e-12)
    #expect(LinearPercentile.value(sorted: [1, 2, 3, 4], percentile: 100) == 4)
  }

  @Test func signedErrorAndAggregate() {
    let a = MetricComparison(metric: .meanTPOT, measured: 10, predicted: 11)
    let b = MetricComparison(metric: .meanTPOT, measured: 20, predicted: 16)
    #expect(abs(a.signedErrorPercent! - 10) < 1e-9 && abs(b.signedErrorPercent! + 20) < 1e-9)
    #expect(MetricComparison(metric: .meanTTFT, measured: 0, predicted: 3).signedErrorPercent == nil)
    #expect(MetricComparison(metric: .meanTTFT, measured: nil, predicted: 3).signedErrorPercent == nil)
    let report = RunReport(latencyModel: "", seed: 0, simulatedSeconds: 0, cluster: MetricsSummary(id: "cluster"), instances: [])
    let files = [a, b].map { FileValidation(source: "f", modelID: nil, requests: 1, simulatedCompleted: 1, comparisons: [$0], notes: [], report: report) }
    let row = ValidationAggregate(files).row(.meanTPOT)!
    #expect(row.files == 2 && abs(row.meanAbsoluteErrorPercent! - 15) < 1e-9 && abs(row.meanSignedErrorPercent! + 5) < 1e-9)
    #expect(ValidationAggregate(files).row(.meanTTFT)?.meanAbsoluteErrorPercent == nil)
  }
}
