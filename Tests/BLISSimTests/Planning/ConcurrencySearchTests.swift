import Testing
@testable import BLISSim

/// "How many concurrent users within the SLO": integer bracketing and bisection on clients.
@Suite struct ConcurrencySearchTests {
  static func search(start: Int, threshold: Int, resolution: Double = 0.0) -> ConcurrencyBracket {
    var b = ConcurrencyBracket(start: start, resolution: resolution)
    while let n = b.next { b.record(clients: n, passed: n <= threshold) }
    return b
  }

  /// From any start, the search ends on the exact threshold (adjacent passing and failing counts).
  @Test(arguments: [1, 7, 37, 38, 500]) func findsTheExactThreshold(start: Int) {
    let b = Self.search(start: start, threshold: 37)
    #expect(b.mostPassing == 37 && b.fewestFailing == 38, "start \(start): \(String(describing: b.mostPassing))/\(String(describing: b.fewestFailing))")
    #expect(b.probeCount <= 16)
  }

  @Test func resolutionStopsEarlierAndNothingPassingGivesNone() {
    let coarse = Self.search(start: 64, threshold: 300, resolution: 0.05)
    let lo = coarse.mostPassing ?? 0, hi = coarse.fewestFailing ?? 0
    #expect(lo <= 300 && hi > 300 && Double(hi - lo) / Double(hi) <= 0.05)
    let none = Self.search(start: 16, threshold: 0)
    #expect(none.mostPassing == nil && none.fewestFailing == 1)
    var capped = ConcurrencyBracket(start: 1, resolution: 0.02, maximumClients: 100)
    while let n = capped.next { capped.record(clients: n, passed: true) }
    #expect(capped.mostPassing == 100)
  }

  /// On a real deployment: the answer meets the SLO and one more client does not (the closed loop
  /// probes are plain simulations, so this checks the search end to end).
  @Test func capacityInClientsIsTheSLOEdge() throws {
    let fixture = try PlanningFixture.llama8B(["output-tokens": "64", "output-tokens-stdev": "16"])
    let deployment = try #require(try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)]).runnable.first)
    let slo = LatencySLO(ttftP99Ms: 150)
    let settings = CapacitySearchSettings(rateResolution: 0.001, minimumRequests: 200, maximumRequests: 1_200)
    let result = try CapacityPlanner.concurrencyCapacity(of: deployment, slo: slo, settings: settings)
    let clients = try #require(result.maxConcurrency)
    #expect(result.probes.allSatisfy { $0.concurrency != nil })
    let passed = try #require(result.probes.first { $0.concurrency == clients })
    #expect(passed.passed && passed.ttftP99Ms <= 150)
    let over = try #require(result.probes.first { $0.concurrency == clients + 1 })
    #expect(!over.passed && over.ttftP99Ms > 150)
    #expect(result.limitedBy.first?.hasPrefix("TTFT p99") == true)
    // The throughput at the answer is the closed loop's: clients / (mean E2E) by Little's law.
    let m = try #require(result.atMaxRate)
    let little = Double(clients) / (m.report.cluster.e2e.meanMs / 1e3)
    #expect(abs((result.maxRateRequestsPerSecond ?? 0) / little - 1) < 0.15)
  }
}
