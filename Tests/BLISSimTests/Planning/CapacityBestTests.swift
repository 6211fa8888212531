import Foundation
import Testing
@testable import BLISSim

/// The one "best" rule of `blis capacity`, the planner's answer bar and its splits view.
@Suite struct CapacityBestTests {
  static let unphysical = RunWarning.unphysicalBlackbox(model: "m", gpu: "H100", tensorParallelism: 4, fittedMicros: 47,
                                                        physicalMicros: 2_541)

  private func result(_ tp: Int, _ n: Int, _ kind: LatencyModelChoice, rate: Double?, itl: Double = 20,
                      flagged: Bool = false) -> CapacityResult {
    var report = RunReport(latencyModel: "m", seed: 1, simulatedSeconds: 1, cluster: MetricsSummary(id: "cluster"), instances: [])
    report.cluster.itl = LatencyStats(count: 1, p99Ms: itl)
    let at = rate.map {
      ProbeMeasurement(rateRequestsPerSecond: $0, requests: 10, report: report, keepUpRatio: 1, throughputRequestsPerSecond: $0,
                       outputTokensPerSecond: $0 * 100, goodputRequestsPerSecond: $0, failures: [])
    }
    return CapacityResult(split: GPUSplit(tensorParallelism: tp, instances: n), kind: kind, hardware: "H100", gpuHourUSD: 3,
                          maxRateRequestsPerSecond: rate, atMaxRate: at, limitedBy: [], probes: [],
                          warnings: flagged ? [Self.unphysical] : [])
  }

  @Test func aFlaggedRowIsNeverCrowned() {
    // The unphysical TP4 blackbox row (428 req/s) would win on its own number.
    let results = [result(1, 8, .roofline, rate: 387), result(1, 8, .blackbox, rate: 386),
                   result(4, 2, .roofline, rate: 235), result(4, 2, .blackbox, rate: 428, flagged: true)]
    #expect(CapacityPlanner.best(results) == 1)        // TP1×8, its conservative (blackbox) estimate
  }

  @Test func aSplitCountsItsMostConservativeCredibleEstimate() {
    let results = [result(1, 8, .roofline, rate: 400), result(1, 8, .blackbox, rate: 300),
                   result(2, 4, .roofline, rate: 320), result(2, 4, .blackbox, rate: 350)]
    #expect(CapacityPlanner.best(results) == 2)        // TP2×4 at 320 beats TP1×8 at 300
  }

  @Test func perGPUThenITLThenOrder() {
    #expect(CapacityPlanner.best([result(1, 4, .roofline, rate: 200), result(1, 8, .roofline, rate: 300)]) == 0)   // 50 vs 37.5 per GPU
    #expect(CapacityPlanner.best([result(1, 8, .roofline, rate: 300, itl: 30), result(2, 4, .roofline, rate: 300, itl: 20)]) == 1)
    #expect(CapacityPlanner.best([result(1, 8, .roofline, rate: 300), result(2, 4, .roofline, rate: 300)]) == 0)
    #expect(CapacityPlanner.best([result(1, 8, .roofline, rate: nil)]) == nil)
    // Only flagged rows: they still count (the user asked for nothing else).
    #expect(CapacityPlanner.best([result(4, 2, .blackbox, rate: 428, flagged: true)]) == 0)
  }

  @Test func costPerHourOfTheSplit() {
    #expect(result(4, 2, .blackbox, rate: 100).usdPerHour == 24)           // 8 GPUs × $3/h
    var free = result(4, 2, .blackbox, rate: 100)
    free.gpuHourUSD = 0
    #expect(free.usdPerHour == nil)
  }
}
