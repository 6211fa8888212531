import Foundation
import Testing
@testable import BLISSim

/// Rebuilding a benchmark's workload: lengths (recorded or from totals) and send times (burst,
/// gamma gaps with the recorded burstiness).
@Suite struct BenchmarkReplayTests {
  static func requests(_ replay: BenchmarkReplay) -> [WorkloadRequest] {
    var generator = WorkloadGenerator(replay.workload, seed: 0)
    var out: [WorkloadRequest] = []
    while let r = generator.next() { out.append(r) }
    return out
  }

  @Test func burstSendsEverythingAtZeroWithTheRecordedLengths() throws {
    let result = BenchmarkResult(source: "b.json", requestRate: .unbounded, inputLens: [14, 30, 28], outputLens: [129, 0, 1])
    let replay = try BenchmarkReplay.make(result, seed: 1)
    let rs = Self.requests(replay)
    #expect(rs.map(\.arrival) == [.zero, .zero, .zero])
    #expect(rs.map(\.inputTokens) == [14, 30, 28])
    // An empty output is still one generated (EOS) token; the counted lengths keep the 0.
    #expect(rs.map(\.outputTokens) == [129, 1, 1])
    #expect(replay.countedOutputTokens == [129, 0, 1])
    #expect(replay.notes.contains { $0.contains("1 request with empty output") })
  }

  @Test func missingLengthsUseTheMeansOfTheTotals() throws {
    let result = BenchmarkResult(source: "t.json", numPrompts: 4, requestRate: .unbounded, completed: 4,
                                 totalInputTokens: 1000, totalOutputTokens: 402)
    let replay = try BenchmarkReplay.make(result, seed: 1)
    let rs = Self.requests(replay)
    #expect(rs.map(\.inputTokens) == [250, 250, 250, 250] && rs.map(\.outputTokens) == [101, 101, 101, 101])
    #expect(replay.notes.contains("no input_lens: every request gets the mean, total_input_tokens / 4 = 250 tokens"))
    #expect(throws: BenchmarkResultError(file: "n.json", message: "missing field output_lens: per-request lengths, or total_output_tokens to use their mean")) {
      try BenchmarkReplay.make(BenchmarkResult(source: "n.json", numPrompts: 4, requestRate: .unbounded, totalInputTokens: 9), seed: 1)
    }
    #expect(throws: BenchmarkResultError.self) {
      try BenchmarkReplay.make(BenchmarkResult(source: "n.json", requestRate: .unbounded), seed: 1)
    }
  }

  /// benchmark_serving: first request at 0, then gamma gaps with shape b and scale 1/(rate·b), so
  /// the mean gap is 1/rate and the gaps' coefficient of variation is 1/√b.
  @Test(arguments: [(1.0, 1.0), (0.25, 2.0), (4.0, 0.5)])
  func gammaGapsFollowRateAndBurstiness(burstiness: Double, expectedCV: Double) throws {
    let n = 20_000
    let result = BenchmarkResult(source: "g.json", requestRate: .perSecond(10), burstiness: burstiness,
                                 inputLens: Array(repeating: 8, count: n), outputLens: Array(repeating: 2, count: n))
    let arrivals = Self.requests(try BenchmarkReplay.make(result, seed: 7)).map(\.arrival.seconds)
    #expect(arrivals[0] == 0)
    let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
    let mean = gaps.reduce(0, +) / Double(gaps.count)
    let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
    #expect(abs(mean - 0.1) / 0.1 < 0.04, "mean gap \(mean)")
    #expect(abs(sd / mean - expectedCV) / expectedCV < 0.08, "cv \(sd / mean) vs \(expectedCV)")
  }

  @Test func arrivalsAreSeeded() throws {
    let result = BenchmarkResult(source: "g.json", requestRate: .perSecond(5), inputLens: [1, 2, 3, 4], outputLens: [1, 2, 3, 4])
    let a = Self.requests(try BenchmarkReplay.make(result, seed: 3)).map(\.arrival)
    #expect(a == Self.requests(try BenchmarkReplay.make(result, seed: 3)).map(\.arrival))
    #expect(a != Self.requests(try BenchmarkReplay.make(result, seed: 4)).map(\.arrival))
  }

  /// Runs a replay on a small engine (affine step times, one instance) and returns the records by id.
  static func simulate(_ replay: BenchmarkReplay) throws -> [RequestRecord] {
    var sim = try Simulation(configuration: EngineConfiguration(maxNumSeqs: 64, totalKVBlocksPerInstance: 5_000),
                             latencyModel: AffineLatencyModel(), workload: replay.workload)
    var sink = CollectingRecordSink()
    _ = sim.run(recordingInto: &sink)
    return sink.records.sorted { $0.id < $1.id }
  }

  /// Most requests in flight at once: sweeps the [send, send + E2E) intervals.
  static func peakInFlight(_ records: [RequestRecord]) -> Int {
    let events = records.flatMap { r -> [(Int64, Int)] in
      let send = Int64((r.arrivalSeconds * 1e6).rounded())
      return [(send, 1), (send + r.e2eMicros, -1)]
    }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }  // an end before a send at the same µs
    var current = 0, peak = 0
    for (_, delta) in events { current += delta; peak = max(peak, current) }
    return peak
  }

  /// `max_concurrency` N with an unbounded rate: N requests at t = 0, then each later request starts
  /// exactly when an earlier one finished, and never more than N are in flight.
  @Test(arguments: [1, 4, 16]) func maxConcurrencyIsAClosedLoop(clients: Int) throws {
    let n = 60
    let result = BenchmarkResult(source: "c.json", requestRate: .unbounded, maxConcurrency: clients,
                                 inputLens: (0..<n).map { 50 + 37 * $0 % 400 }, outputLens: (0..<n).map { 1 + 13 * $0 % 90 })
    let replay = try BenchmarkReplay.make(result, seed: 9)
    #expect(replay.workload.closedLoop?.clients == clients)
    let records = try Self.simulate(replay)
    #expect(records.count == n && records.allSatisfy { $0.outcome == .completed })
    #expect(Self.peakInFlight(records) == clients)
    let sends = records.map { Int64(($0.arrivalSeconds * 1e6).rounded()) }
    #expect(sends.prefix(clients).allSatisfy { $0 == 0 })
    let ends = Set(records.map { Int64(($0.arrivalSeconds * 1e6).rounded()) + $0.e2eMicros })
    for (i, send) in sends.enumerated().dropFirst(clients) {
      #expect(ends.contains(send), "request \(i) sent at \(send) µs, not when another finished")
    }
  }

  /// With a finite rate the semaphore only delays: a request starts at its planned time or later,
  /// and still never more than N in flight.
  @Test func maxConcurrencyGatesAFiniteRate() throws {
    let n = 80
    let result = BenchmarkResult(source: "c.json", requestRate: .perSecond(200), maxConcurrency: 3,
                                 inputLens: Array(repeating: 300, count: n), outputLens: Array(repeating: 40, count: n))
    let planned = BenchmarkReplay.arrivalTimes(count: n, rate: .perSecond(200), burstiness: 1, seed: 9)
    let records = try Self.simulate(try BenchmarkReplay.make(result, seed: 9))
    #expect(Self.peakInFlight(records) == 3)
    for (r, due) in zip(records, planned) { #expect(Int64((r.arrivalSeconds * 1e6).rounded()) >= due.microseconds) }
    #expect(zip(records, planned).contains { Int64(($0.arrivalSeconds * 1e6).rounded()) > $1.microseconds })
  }
}
