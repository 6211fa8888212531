import Testing
@testable import BLISSim

/// Capacity probes stop as soon as an SLO failure is certain, and never change a verdict.
@Suite struct ProbeEarlyStopTests {
  /// TP1 × 1 serves roughly 45 req/s of these requests within 500 ms TTFT; probes from well
  /// below to 4× above it. Every early-stopped probe's verdict equals the full run's, the full
  /// run really breaks the limit the early stop named, and the overloaded probes stop early.
  @Test(arguments: [LatencySLO(ttftP99Ms: 500), LatencySLO(ttftP99Ms: 2_000, e2eP99Ms: 6_000), LatencySLO(itlP99Ms: 30)])
  func earlyStopsAreProofsAndSaveTheOverloadedProbes(slo: LatencySLO) throws {
    let fixture = try PlanningFixture.llama8B()
    let d = try #require(try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)]).runnable.first)
    var stopped = 0
    for rate in [10.0, 30, 50, 100, 160] {
      let plan = try d.plan.probing(rate: rate, requests: 1_500)
      let full = try ProbeMeasurement.measure(plan, slo: slo, minimumKeepUpRatio: 0.95)
      let quick = try ProbeMeasurement.measure(plan, slo: slo, minimumKeepUpRatio: 0.95, stopWhenCertain: true)
      #expect(quick.passed == full.passed, "\(rate) req/s: early \(quick.failures) vs full \(full.failures)")
      guard let at = quick.stoppedEarlyAtSeconds else {
        #expect(quick == full, "\(rate) req/s: a probe that did not stop must be the full run")
        continue
      }
      stopped += 1
      #expect(at < full.report.simulatedSeconds * 0.75, "\(rate) req/s stopped only at \(at) s of \(full.report.simulatedSeconds) s")
      let metric = try #require(quick.failures.first?.split(separator: " ").first.map(String.init))
      #expect(full.failures.contains { $0.hasPrefix("\(metric) p99") },
              "\(rate) req/s: stopped for \(metric) but the full run fails with \(full.failures)")
    }
    #expect(stopped >= 2, "the 100 and 160 req/s probes are far over capacity and must stop early")
  }

  /// No latency limit: only the keep-up test, which is judged at the end.
  @Test func withoutLimitsProbesRunToTheEnd() throws {
    let fixture = try PlanningFixture.llama8B()
    let d = try #require(try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)]).runnable.first)
    let plan = try d.plan.probing(rate: 80, requests: 800)
    let m = try ProbeMeasurement.measure(plan, slo: LatencySLO(), minimumKeepUpRatio: 0.95, stopWhenCertain: true)
    #expect(m.stoppedEarlyAtSeconds == nil && !m.passed)
    #expect(m.report.cluster.completedRequests == 800)
  }

  /// Sliced (as the planner runs probes) or at once, a probe stops at the same simulated time.
  @Test func slicingDoesNotMoveTheStop() throws {
    let fixture = try PlanningFixture.llama8B()
    let d = try #require(try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)]).runnable.first)
    let plan = try d.plan.probing(rate: 80, requests: 1_500)
    let slo = LatencySLO(ttftP99Ms: 500)
    let once = try ProbeMeasurement.measure(plan, slo: slo, minimumKeepUpRatio: 0.95, stopWhenCertain: true)
    var sliced = try ProbeRun(plan: plan, slo: slo, minimumKeepUpRatio: 0.95, stopWhenCertain: true)
    while !sliced.run(maxEvents: 97) {}
    #expect(sliced.measurement == once)
    #expect(once.stoppedEarlyAtSeconds != nil)
  }
}
