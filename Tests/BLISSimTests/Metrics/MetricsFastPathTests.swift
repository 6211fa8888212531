import Foundation
import Testing
@testable import BLISSim

/// Random request records: every outcome, instances −1…3, latencies around the SLO limits.
private func randomRecords(_ rng: inout SeededGenerator, count: Int) -> [RequestRecord] {
  let outcomes: [RequestOutcome] = [.completed, .completed, .completed, .droppedUnservable, .rejectedTooLong, .rejectedByAdmission]
  return (0..<count).map { id in
    let outcome = outcomes[Int(rng.next() % UInt64(outcomes.count))]
    let completed = outcome == .completed
    let outputTokens = completed ? Int(rng.next() % 300) + 1 : 0
    let ttft = Int64(rng.next() % 2_000_000), itlSum = Int64(rng.next() % 20_000) * Int64(max(0, outputTokens - 1))
    return RequestRecord(id: id, outcome: outcome, instance: outcome == .rejectedByAdmission ? -1 : Int(rng.next() % 4),
                         arrivalSeconds: Double(rng.next() % 100_000) / 1_000, schedulingDelayMicros: Int64(rng.next() % 40_000_000),
                         ttftMicros: completed ? ttft : 0, itlSumMicros: completed ? itlSum : 0, itlCount: max(0, outputTokens - 1),
                         e2eMicros: completed ? ttft + itlSum : 0, inputTokens: Int(rng.next() % 4_000) + 1,
                         outputTokens: outputTokens, cachedPromptTokens: 0, preemptions: 0)
  }
}

/// The measurement window counted the straightforward way: filter the records.
private func referenceWindow(_ records: [RequestRecord], start: Double, end: Double, slo: LatencySLO) -> ArrivalWindowStats {
  let started = records.filter { r in
    let s = r.arrivalSeconds + Double(r.schedulingDelayMicros) / 1e6
    return r.outcome == .completed && s >= start && s <= end
  }
  return ArrivalWindowStats(
    startSeconds: start, endSeconds: end,
    arrivedRequests: records.filter { ($0.outcome == .completed || $0.outcome == .rejectedByAdmission) && $0.arrivalSeconds >= start }.count,
    startedRequests: started.count, inputTokens: started.reduce(0) { $0 + $1.inputTokens },
    outputTokens: started.reduce(0) { $0 + $1.outputTokens }, goodRequests: started.filter { slo.isMet(by: $0) }.count)
}

@Suite struct MetricsFastPathTests {
  @Test func theWindowCounterEqualsFilteringTheRecords() {
    for seed in UInt64(0)..<200 {
      var rng = SeededGenerator(seed: seed)
      let records = randomRecords(&rng, count: Int(rng.next() % 400))
      let slo = LatencySLO(ttftP99Ms: rng.next() % 2 == 0 ? 900 : nil, itlP99Ms: 12, e2eP99Ms: rng.next() % 2 == 0 ? 3_000 : nil)
      let last = 60 + Double(rng.next() % 50)
      var counter = ArrivalWindowCounter(lastArrivalSeconds: last, slo: slo)
      for r in records { counter.record(r) }
      #expect(counter.stats == referenceWindow(records, start: last / 2, end: last, slo: slo), "seed \(seed)")
      let instances = Set(records.map(\.instance).filter { $0 >= 0 })
      #expect(Set(counter.instances.keys) == instances, "seed \(seed)")
      for i in instances {
        #expect(counter.instances[i] == referenceWindow(records.filter { $0.instance == i }, start: last / 2, end: last, slo: slo),
                "seed \(seed) instance \(i)")
      }
    }
  }

  @Test func theTimeSeriesTTFTPercentilesEqualSortingEachWindowWhateverTheSamples() {
    for seed in UInt64(0)..<50 {
      var rng = SeededGenerator(seed: seed)
      let records = randomRecords(&rng, count: Int(rng.next() % 600) + 1)
      var recorder = TimeSeriesRecorder(windowSeconds: 5)
      for (k, r) in records.enumerated() {
        recorder.record(r)
        // Sample (caching the windows so far) at random points, and read the series in between.
        if rng.next() % 7 == 0 { recorder.sample(at: SimTime(seconds: Double(k)), instances: [], itl: LogHistogram()) }
        if rng.next() % 11 == 0 || k == records.count - 1 {
          let series = recorder.series
          let seen = records.prefix(k + 1).filter { $0.outcome == .completed }
          for (w, window) in series.windows.enumerated() {
            let ttfts = seen.filter { Int(($0.arrivalSeconds + Double($0.ttftMicros) / 1e6) / 5) == w }.map(\.ttftMicros).sorted()
            #expect(window.ttftP50Ms == (ttfts.isEmpty ? nil : TimeSeriesRecorder.percentile(ttfts, 50) / 1e3), "seed \(seed) window \(w)")
            #expect(window.ttftP99Ms == (ttfts.isEmpty ? nil : TimeSeriesRecorder.percentile(ttfts, 99) / 1e3), "seed \(seed) window \(w)")
          }
        }
      }
    }
  }
}
