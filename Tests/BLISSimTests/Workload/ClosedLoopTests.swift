import Testing
@testable import BLISSim

@Suite struct ClosedLoopTests {
  private static func spec(clients: Int, think: ClosedLoop.ThinkTime = .none, requests: Int = 300,
                           rate: Double = .infinity, seed: UInt64 = 5) -> WorkloadSpec {
    WorkloadSpec(seed: seed, arrival: .poisson, stages: [WorkloadStage(ratePerSecond: rate, durationSeconds: nil)],
                 numRequests: requests, promptTokens: .uniform(min: 20, max: 400),
                 outputTokens: .uniform(min: 1, max: 120), closedLoop: ClosedLoop(clients: clients, thinkTime: think))
  }

  private static func run(_ spec: WorkloadSpec, instances: Int = 2,
                          check: (Simulation) -> Void = { _ in }) throws -> [RequestRecord] {
    var sim = try Simulation(configuration: EngineConfiguration(instances: instances, totalKVBlocksPerInstance: 400),
                             latencyModel: RecordingStepModel(), workload: .synthetic(spec))
    var sink = CollectingRecordSink()
    while sim.processNextEvent(notAfter: .distantFuture, sink: &sink) { check(sim) }
    return sink.records
  }

  @Test(arguments: [1, 3, 16]) func neverMoreThanTheClientsInFlight(clients: Int) throws {
    var maxInFlight = 0
    let records = try Self.run(Self.spec(clients: clients)) { sim in
      let inSystem = sim.arrivedRequests - sim.instances.reduce(0) { $0 + $1.metrics.completed }
      maxInFlight = max(maxInFlight, inSystem, sim.clients?.inFlight ?? 0)
    }
    #expect(records.count == 300 && records.allSatisfy { $0.outcome == .completed })
    #expect(maxInFlight == clients)
  }

  @Test func aClientSendsItsNextRequestWhenItsPreviousOneEndsPlusThinkTime() throws {
    let think = 50.0
    let records = try Self.run(Self.spec(clients: 4, think: .constant(milliseconds: think)))
      .sorted { $0.arrivalSeconds < $1.arrivalSeconds }
    // The first four go at once; every later send is an earlier request's end + the think time.
    #expect(records.prefix(4).allSatisfy { $0.arrivalSeconds == 0 })
    let ends = records.map { Int64(($0.arrivalSeconds * 1e6).rounded()) + $0.e2eMicros + Int64(think * 1e3) }.sorted()
    let sends = records.dropFirst(4).map { Int64(($0.arrivalSeconds * 1e6).rounded()) }
    #expect(sends == Array(ends.prefix(sends.count)))
  }

  @Test func throughputFollowsLittlesLaw() throws {
    let records = try Self.run(Self.spec(clients: 12, think: .exponential(meanMilliseconds: 200), requests: 2_000))
    let last = records.map { $0.arrivalSeconds + Double($0.e2eMicros) / 1e6 }.max() ?? 1
    let throughput = Double(records.count) / last
    let meanE2E = records.map { Double($0.e2eMicros) / 1e6 }.reduce(0, +) / Double(records.count)
    let predicted = 12 / (meanE2E + 0.2)
    #expect(abs(throughput / predicted - 1) < 0.05, "throughput \(throughput) req/s vs N/(E2E + Z) = \(predicted)")
  }

  @Test func aFiniteRateIsGatedNotReplaced() throws {
    // A slow arrival process with many clients never hits the cap: the same requests at the same times.
    var open = Self.spec(clients: 1_000, rate: 5)
    let gated = try Self.run(open).map(\.arrivalSeconds).sorted()
    open.closedLoop = nil
    let free = try Self.run(open).map(\.arrivalSeconds).sorted()
    #expect(gated == free)
    // One client: requests are spaced by at least their predecessor's latency.
    let single = try Self.run(Self.spec(clients: 1, rate: 1_000)).sorted { $0.arrivalSeconds < $1.arrivalSeconds }
    for (a, b) in zip(single, single.dropFirst()) {
      #expect(b.arrivalSeconds * 1e6 >= a.arrivalSeconds * 1e6 + Double(a.e2eMicros) - 1)
    }
  }

  @Test func conservationOverManySeeds() throws {
    for seed in UInt64(0)..<60 {
      let clients = Int(seed % 7) + 1
      let think: ClosedLoop.ThinkTime = seed % 3 == 0 ? .none : seed % 3 == 1 ? .constant(milliseconds: 20)
        : .exponential(meanMilliseconds: 30)
      let records = try Self.run(Self.spec(clients: clients, think: think, requests: 80, seed: seed), instances: Int(seed % 3) + 1)
      #expect(Set(records.map(\.id)) == Set(0..<80), "seed \(seed)")
    }
  }

  @Test func yamlClosedLoops() throws {
    let spec = try WorkloadSpec(yaml: "concurrency: 16\nthink_time_ms: 250\nthink_time: exponential\nnum_requests: 100\nprompt_tokens: 64\noutput_tokens: 8\n")
    #expect(spec.closedLoop == ClosedLoop(clients: 16, thinkTime: .exponential(meanMilliseconds: 250)))
    #expect(spec.stages.first?.ratePerSecond == .infinity)
    let timed = try WorkloadSpec(yaml: "concurrency: 2\nduration_s: 30\nprompt_tokens: 64\noutput_tokens: 8\n")
    #expect(timed.closedLoop?.durationSeconds == 30 && timed.numRequests == nil)
    #expect(throws: WorkloadError.self) { try WorkloadSpec(yaml: "rate: 5\nnum_requests: 3\nthink_time_ms: 10\nprompt_tokens: 4\noutput_tokens: 4\n") }
    #expect(throws: WorkloadError.self) { try WorkloadSpec(yaml: "concurrency: 0\nnum_requests: 3\nprompt_tokens: 4\noutput_tokens: 4\n") }
    // An infinite rate without clients is still an error.
    #expect(throws: WorkloadError.self) {
      try WorkloadSpec(stages: [WorkloadStage(ratePerSecond: .infinity, durationSeconds: nil)], numRequests: 3,
                       promptTokens: .constant(4), outputTokens: .constant(4)).validated()
    }
  }

  @Test func aDurationStopsTheClientsSending() throws {
    var spec = Self.spec(clients: 3, requests: 1)
    spec.numRequests = nil
    spec.closedLoop?.durationSeconds = 2
    let records = try Self.run(try spec.validated())
    #expect(records.count > 10)
    #expect(records.allSatisfy { $0.arrivalSeconds < 2 })
  }
}
