import Testing
@testable import BLISTUI

@Suite struct CapacitySearchTests {
  /// Runs a search against a system that meets the SLO exactly up to `threshold` req/s.
  private func search(threshold: Double, start: Double) -> CapacitySearch {
    var search = CapacitySearch(startRate: start)
    while let rate = search.nextRate { search.record(rate: rate, meetsSLO: rate <= threshold) }
    return search
  }

  @Test(arguments: [(300.0, 100.0), (37.0, 100.0), (1_000.0, 5.0), (100.0, 100.0), (2.5, 64.0)])
  func findsTheThresholdWithinTenPercent(threshold: Double, start: Double) {
    let result = search(threshold: threshold, start: start)
    #expect(result.isFinished)
    #expect(result.probes <= CapacitySearch.maximumProbes)
    guard let found = result.highestPassingRate else { Issue.record("nothing passed for \(threshold)"); return }
    #expect(found <= threshold, "overestimates \(threshold): \(found)")
    #expect(found >= threshold / CapacitySearch.resolution || result.probes == CapacitySearch.maximumProbes,
            "too coarse for \(threshold): \(found) after \(result.probes) probes")
  }

  @Test func probesLastLongEnoughToMeasureSustainedLoad() {
    let seconds = CapacitySearch.sustainedSeconds
    #expect(CapacitySearch.probeRequests(rate: 100, scenarioRequests: 1_000) == Int(100 * seconds))
    #expect(CapacitySearch.probeRequests(rate: 1, scenarioRequests: 1_000) == 1_000)
    #expect(Double(CapacitySearch.probeRequests(rate: 0.7, scenarioRequests: 1)) / 0.7 >= seconds)
    #expect(CapacitySearch.probeRequests(rate: 1e6, scenarioRequests: 1_000) == CapacitySearch.maximumProbeRequests)
    #expect(CapacitySearch.probeRequests(rate: 1e6, scenarioRequests: 50_000) == 50_000)
  }

  @Test func labelsShowProgressAndFailure() {
    var searching = CapacitySearch(startRate: 100)
    #expect(searching.label == "…")
    searching.record(rate: 100, meetsSLO: true)
    #expect(searching.label == "≥ 100")
    let hopeless = search(threshold: 0, start: 1)
    #expect(hopeless.isFinished && hopeless.highestPassingRate == nil)
    #expect(hopeless.label.hasPrefix("< "))
  }
}
