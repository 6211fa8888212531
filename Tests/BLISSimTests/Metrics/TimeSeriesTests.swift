import Foundation
import Testing
@testable import BLISSim

@Suite struct TimeSeriesTests {
  @Test func aRecordedRunAccountsForEveryRequestAndMatchesTheUnrecordedRun() throws {
    let d = try CapacitySearchTests.affineDeployment(maxNumSeqs: 4, outputTokens: 20)
    let plan = try d.plan.probing(rate: 40, requests: 400)
    var plain = try ProbeRun(plan: plan, slo: LatencySLO(), minimumKeepUpRatio: 0.95)
    var recorded = try ProbeRun(plan: plan, slo: LatencySLO(), minimumKeepUpRatio: 0.95, timeSeriesWindows: 10)
    let a = plain.finish()
    while !recorded.run(maxEvents: 37) {}                  // small slices: the windows cut through them
    let b = try #require(recorded.measurement)
    #expect(a == b)                                          // recording never changes the run
    let series = try #require(recorded.timeSeries)
    #expect(series.windowSeconds == 1)                       // 400 requests at 40 req/s: ~10 s in 10 windows
    #expect(series.windows.reduce(0) { $0 + $1.arrivals } == 400)
    #expect(series.windows.reduce(0) { $0 + $1.completions } == 400)
    #expect(series.windows.allSatisfy { $0.kvTotalBlocks == 100_000 })
    #expect(series.windows.dropFirst().prefix(8).allSatisfy { $0.ttftP99Ms != nil && $0.itlP99Ms != nil })
    #expect(abs(series.offeredRequestsPerSecond(3) - 40) <= 12)
  }

  @Test func windowedLatencyRisesWithTheQueueUnderOverload() throws {
    // One request at a time, 10 ms per step, 20 output tokens: 5 req/s of service at 8 req/s offered.
    let d = try CapacitySearchTests.affineDeployment(maxNumSeqs: 1, outputTokens: 20)
    var run = try ProbeRun(plan: try d.plan.probing(rate: 8, requests: 240), slo: LatencySLO(), minimumKeepUpRatio: 0.95,
                           timeSeriesWindows: 30)
    let m = run.finish()
    #expect(m.keepUpRatio < 0.8)
    let series = try #require(run.timeSeries)
    let early = try #require(series.windows[2].ttftP99Ms), late = try #require(series.windows[25].ttftP99Ms)
    #expect(late > early * 5, "TTFT p99 \(early) → \(late)")
    #expect(series.windows[25].queued > series.windows[5].queued)
    #expect(abs(series.servedRequestsPerSecond(20) - 5) <= 2)
  }

  @Test func theMeasurementWindowIsCountedWithoutKeepingRecords() throws {
    let records = (0..<100).map { i in
      RequestRecord(id: i, outcome: .completed, instance: 0, arrivalSeconds: Double(i) / 10, schedulingDelayMicros: i < 80 ? 0 : 3_000_000,
                    ttftMicros: 1, itlSumMicros: 0, itlCount: 0, e2eMicros: 1, inputTokens: 1, outputTokens: 2, cachedPromptTokens: 0,
                    preemptions: 0)
    }
    var counter = ArrivalWindowCounter(lastArrivalSeconds: 9.9)
    for r in records { counter.record(r) }
    let stats = counter.stats
    #expect(stats.startSeconds == 4.95 && stats.arrivedRequests == 50)
    // Requests 80–99 start 3 s late: those starting after the last arrival are not in the window.
    #expect(stats.startedRequests == 50 - records.filter { $0.arrivalSeconds >= 4.95 && $0.arrivalSeconds + 3 > 9.9 && $0.id >= 80 }.count)
    #expect(stats.keepUpRatio < 1 && stats.outputTokens == 2 * stats.startedRequests)
  }

  @Test func theLastArrivalIsFoundWithoutSimulating() throws {
    let spec = WorkloadSpec(seed: 3, arrival: .constant, ratePerSecond: 10, numRequests: 50, promptTokens: .constant(10),
                            outputTokens: .constant(10))
    #expect(Workload.synthetic(spec).lastArrivalSeconds(seed: 0) == 4.9)
    #expect(Workload.synthetic(spec).lastArrivalSeconds(seed: 0, horizon: SimTime(seconds: 2)) == 2.0)
  }

  @Test func aRampRisesAndItsKneeIsWhereLatencyTurnsUp() throws {
    let d = try CapacitySearchTests.affineDeployment(maxNumSeqs: 1, outputTokens: 1)   // serves exactly 100 req/s
    let ramp = try d.plan.ramping(toRate: 200, seconds: 40, steps: 20)
    guard case .synthetic(let spec) = ramp.workload else { Issue.record("not synthetic"); return }
    #expect(spec.stages.count == 20 && spec.stages.first?.ratePerSecond == 10 && spec.stages.last?.ratePerSecond == 200)
    #expect(spec.numRequests == nil && spec.stages.allSatisfy { $0.durationSeconds == 2 })
    // The serving stack is kept (a ramp of a vLLM deployment is still that deployment).
    let fixture = try PlanningFixture.llama8B()
    let real = try RunPlan.make(fixture.settings, files: fixture.files, resolver: fixture.resolver)
    #expect(real.deployment.servingProfile != ServingProfile.gpuOnly)
    #expect(try real.ramping(toRate: 50, seconds: 10).deployment.servingProfile == real.deployment.servingProfile)
    #expect(try real.ramping(toRate: 50, seconds: 10).engine == real.probing(rate: 50, requests: 10).engine)
    var run = try ProbeRun(plan: ramp, slo: LatencySLO(ttftP99Ms: 100), minimumKeepUpRatio: 0.95, timeSeriesWindows: 40)
    _ = run.finish()
    let series = try #require(run.timeSeries)
    let knee = try #require(series.knee(slo: LatencySLO(ttftP99Ms: 100)))
    #expect(knee.offeredRequestsPerSecond > 80 && knee.offeredRequestsPerSecond < 130, "knee at \(knee.offeredRequestsPerSecond) req/s")
  }

  @Test func windowWidthsAreRound() {
    #expect(TimeSeries.windowSeconds(covering: 60, count: 60) == 1)
    #expect(TimeSeries.windowSeconds(covering: 500, count: 60) == 10)
    #expect(TimeSeries.windowSeconds(covering: 7, count: 60) == 0.2)
  }
}

@Suite struct ArrivalWindowThroughputTests {
  /// A stable run's req/s over the arrival window is the offered rate; over the whole simulated
  /// time (the old definition) the drain after the last arrival dilutes it.
  @Test func throughputIsMeasuredOverTheArrivalsNotTheDrain() throws {
    let d = try CapacitySearchTests.affineDeployment(maxNumSeqs: 64, outputTokens: 400)   // 4 s per request
    let plan = try d.plan.probing(rate: 10, requests: 200)                                  // 20 s of arrivals
    var simulation = try plan.makeSimulation()
    var window = ArrivalWindowCounter(plan: plan)
    let whole = simulation.run(recordingInto: &window)
    let measured = whole.measuredOverArrivals(window)
    #expect(whole.cluster.requestsPerSecond < 9)                                           // 200 over ~24 s
    #expect(abs(measured.cluster.requestsPerSecond - 10) < 1.5, "\(measured.cluster.requestsPerSecond)")
    #expect(measured.instances.first?.requestsPerSecond == measured.cluster.requestsPerSecond)   // one instance
    #expect(measured.arrivalWindow?.endSeconds == Workload.synthetic(try #require(spec(plan))).lastArrivalSeconds(seed: plan.engine.seed))
    #expect(measured.cluster.outputTokensPerSecond == measured.arrivalWindow?.outputTokensPerSecond)
  }

  private func spec(_ plan: RunPlan) -> WorkloadSpec? {
    if case .synthetic(let s) = plan.workload { return s }
    return nil
  }

  @Test func clusterKVIsOnePerInstanceBasis() throws {
    let fixture = try PlanningFixture.llama8B(["num-requests": "200", "rate": "40", "num-instances": "4"])
    let plan = try RunPlan.make(fixture.settings, files: fixture.files, resolver: fixture.resolver)
    var simulation = try plan.makeSimulation()
    let report = simulation.run()
    let kv = report.cluster.kv
    #expect(kv.totalBlocks == report.instances[0].kv.totalBlocks)                             // one instance's blocks
    #expect(kv.peakUsedBlocks == report.instances.map(\.kv.peakUsedBlocks).max())
    let meanOfMeans = report.instances.map(\.kv.meanUsedBlocks).reduce(0, +) / Double(report.instances.count)
    #expect(abs(kv.meanUsedBlocks - meanOfMeans) < 1e-9)
    #expect(Double(kv.peakUsedBlocks) >= kv.meanUsedBlocks)                                   // peak ≥ mean, on one basis
  }
}
