import Testing
@testable import BLISSim

@Suite struct SweepPlannerTests {
  /// Every sweep point equals the individual run with the same flags (resolved from scratch),
  /// and the points come back in grid order whatever the thread scheduling.
  @Test func sweepPointsEqualIndividualRuns() throws {
    let fixture = try PlanningFixture.llama8B(["num-requests": "120", "seed": "7"])
    let splits = [GPUSplit(tensorParallelism: 1, instances: 1), GPUSplit(tensorParallelism: 2, instances: 2)]
    let deployments = try fixture.deployments(splits)
    let rates = [4.0, 30.0]
    let points = try SweepPlanner.run(deployments.runnable, rates: rates, files: fixture.files, resolver: fixture.resolver)
    #expect(points.map { "\($0.split)@\($0.rateRequestsPerSecond ?? 0)" } == ["TP1×1@4.0", "TP1×1@30.0", "TP2×2@4.0", "TP2×2@30.0"])
    for p in points {
      let single = try PlanningFixture.llama8B([
        "num-requests": "120", "seed": "7", "tp": "\(p.split.tensorParallelism)",
        "num-instances": "\(p.split.instances)", "rate": "\(p.rateRequestsPerSecond ?? 0)",
      ])
      let plan = try RunPlan.make(single.settings, files: single.files, resolver: single.resolver)
      var simulation = try plan.makeSimulation()
      var window = ArrivalWindowCounter(plan: plan)
      let report = simulation.run(recordingInto: &window).measuredOverArrivals(window)
      #expect(report == p.report, "\(p.split) at \(p.rateRequestsPerSecond ?? 0) req/s differs from the individual run")
      #expect(report.arrivalWindow != nil && report.cluster.requestsPerSecond == report.arrivalWindow?.servedRequestsPerSecond)
      #expect(report.cluster.completedRequests == 120)
    }
    // Higher load on the same split must show in the latencies (the rate really changed).
    #expect(points[1].report.cluster.ttft.p99Ms > points[0].report.cluster.ttft.p99Ms)
  }

  @Test func splitsThatCannotRunAreSkippedWithTheReason() throws {
    let fixture = try PlanningFixture.llama8B()
    // Llama-3.1-8B has 32 heads and 8 KV heads: TP 3 does not divide them.
    let deployments = try fixture.deployments([GPUSplit(tensorParallelism: 3, instances: 1), GPUSplit(tensorParallelism: 1, instances: 1)])
    #expect(deployments.runnable.map(\.split) == [GPUSplit(tensorParallelism: 1, instances: 1)])
    #expect(deployments.skipped.count == 1)
    #expect(deployments.skipped.first?.reason.hasPrefix("--tp '3' is invalid") == true)
  }

  @Test func aModelTooBigForOneGPUSkipsSmallTP() throws {
    // Llama-3.1-70B (≈ 141 GB = 131 GiB of bf16 weights) does not fit on one 80 GB H100; on two
    // (≈ 66 GiB each of ≈ 71.6 GiB usable) it does, with a small KV cache.
    let fixture = try PlanningFixture(["model": "meta-llama/llama-3.1-70b-instruct", "hardware": "H100",
                                       "latency-model": "roofline"])
    let deployments = try fixture.deployments(SplitGrid.splits(gpus: 8))
    #expect(deployments.skipped.map(\.split.tensorParallelism) == [1])
    #expect(deployments.skipped.allSatisfy { $0.reason.contains("does not fit") })
    #expect(deployments.runnable.map(\.split.tensorParallelism) == [2, 4, 8])
  }

  @Test func nothingRunnableIsAnError() throws {
    let fixture = try PlanningFixture.llama8B()
    #expect(throws: PlanningError.self) { try fixture.deployments([GPUSplit(tensorParallelism: 3, instances: 2)]) }
  }

  /// A concurrency axis: each point equals `blis run --concurrency N` (a pure closed loop without a
  /// rate), and more clients mean more in flight: higher throughput and higher latency.
  @Test func concurrencyPointsAreClosedLoopRuns() throws {
    let fixture = try PlanningFixture.llama8B(["num-requests": "150", "seed": "3"])
    let deployments = try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)])
    let loads = SweepLoad.grid(rates: [], concurrencies: [2, 32])
    let points = try SweepPlanner.run(deployments.runnable, loads: loads, files: fixture.files, resolver: fixture.resolver)
    #expect(points.map(\.concurrency) == [2, 32] && points.allSatisfy { $0.rateRequestsPerSecond == nil })
    for p in points {
      let single = try PlanningFixture.llama8B(["num-requests": "150", "seed": "3", "concurrency": "\(p.concurrency ?? 0)"])
      let plan = try RunPlan.make(single.settings, files: single.files, resolver: single.resolver)
      var simulation = try plan.makeSimulation()
      var window = ArrivalWindowCounter(plan: plan)
      #expect(simulation.run(recordingInto: &window).measuredOverArrivals(window) == p.report)
      // The clients decide a closed loop's arrivals: its window is found from them, not from the
      // open-loop generator (whose arrivals the clients never use).
      let w = try #require(p.report.arrivalWindow)
      #expect(w.endSeconds > 0 && w.startedRequests > 0 && abs(w.keepUpRatio - 1) < 0.1)
    }
    #expect(points[1].report.cluster.requestsPerSecond > 4 * points[0].report.cluster.requestsPerSecond)
    #expect(points[1].report.cluster.ttft.p50Ms > points[0].report.cluster.ttft.p50Ms)
    #expect(SweepLoad.grid(rates: [1, 2], concurrencies: [4]).map { "\($0.rateRequestsPerSecond ?? 0)/\($0.concurrency ?? 0)" } == ["1.0/4", "2.0/4"])
  }
}
