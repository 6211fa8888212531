import Testing
@testable import BLISSim

@Suite struct LatencySLOTests {
  @Test func parsesAnySubset() throws {
    let slo = try LatencySLO.parse(ttftP99Ms: "500", itlP99Ms: nil, e2eP99Ms: " 12000.5 ")
    #expect(slo == LatencySLO(ttftP99Ms: 500, itlP99Ms: nil, e2eP99Ms: 12_000.5))
    #expect(try LatencySLO.parse(ttftP99Ms: nil, itlP99Ms: nil, e2eP99Ms: nil).isEmpty)
  }

  @Test(arguments: ["abc", "0", "-1", "nan", "inf", "1e9", ""])
  func rejectsBadValuesNamingTheFlag(text: String) {
    do {
      _ = try LatencySLO.parse(ttftP99Ms: nil, itlP99Ms: text, e2eP99Ms: nil)
      Issue.record("accepted --slo-itl-p99-ms '\(text)'")
    } catch {
      #expect(error.description == "--slo-itl-p99-ms '\(text)' is invalid: expected a latency in milliseconds, > 0 and ≤ 10000000, e.g. 500")
      #expect(!error.description.contains("\n"))
    }
  }

  @Test func violationsListOnlyTheBrokenLimits() {
    var summary = MetricsSummary(id: "cluster")
    summary.ttft = LatencyStats(count: 10, p99Ms: 600)
    summary.itl = LatencyStats(count: 10, p99Ms: 40)
    summary.e2e = LatencyStats(count: 10, p99Ms: 9_000)
    let slo = LatencySLO(ttftP99Ms: 500, itlP99Ms: 50, e2eP99Ms: 10_000)
    #expect(slo.violations(of: summary) == ["TTFT p99 600.0 ms > 500 ms"])
    #expect(LatencySLO(itlP99Ms: 30).violations(of: summary) == ["ITL p99 40.0 ms > 30 ms"])
    #expect(LatencySLO().violations(of: summary).isEmpty)
    #expect(LatencySLO(ttftP99Ms: 500).violations(of: MetricsSummary(id: "empty")) == ["TTFT: no samples"])
  }

  @Test func perRequestGoodputCheck() {
    let record = RequestRecord(id: 0, outcome: .completed, instance: 0, arrivalSeconds: 0, schedulingDelayMicros: 0,
                               ttftMicros: 300_000, itlSumMicros: 990_000, itlCount: 99, e2eMicros: 1_290_000,
                               inputTokens: 10, outputTokens: 100, cachedPromptTokens: 0, preemptions: 0)
    #expect(LatencySLO(ttftP99Ms: 500, itlP99Ms: 10, e2eP99Ms: 2_000).isMet(by: record))
    #expect(!LatencySLO(ttftP99Ms: 200).isMet(by: record))
    #expect(!LatencySLO(itlP99Ms: 9.9).isMet(by: record))
    var dropped = record
    dropped.outcome = .droppedUnservable
    #expect(!LatencySLO().isMet(by: dropped))
  }
}
