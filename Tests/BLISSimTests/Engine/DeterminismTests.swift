import Foundation
import Testing
@testable import BLISSim

private func runReport(seed: UInt64, routing: RoutingPolicy, collectingRecords: Bool = false) throws -> Data {
  var c = EngineConfiguration(instances: 3, totalKVBlocksPerInstance: 400, routing: routing, seed: seed)
  c.longPrefillTokenThreshold = 64
  let spec = WorkloadSpec(arrival: .gamma(cv: 2), ratePerSecond: 30, numRequests: 300,
                          promptTokens: .normal(mean: 200, stdev: 80, min: 10, max: 600),
                          outputTokens: .lognormal(mean: 60, stdev: 40, min: 1, max: 400),
                          sharedPrefix: SharedPrefix(groups: 4, promptsPerGroup: 20, prefixTokens: 64))
  var profile = ServingProfile(name: "test", frontEnd: FrontEndComponent(apiIngressMicros: 150, tokenizerWindowMicros: 2_000),
                               hostCPU: HostCPUComponent(stepMicros: 80, perRunningRequestMicros: 3),
                               outputPath: OutputPathComponent(perTokenMicros: 40, firstChunkMicros: 500))
  profile.engineLoop.mode = .async
  c.serving = profile.stack(tensorParallelism: 1)
  let model = AffineLatencyModel()
  var sim = try Simulation(configuration: c, latencyModel: model, workload: spec)
  guard collectingRecords else { return try canonicalJSON(sim.run()) }
  var sink = CollectingRecordSink()
  let report = sim.run(recordingInto: &sink)
  #expect(sink.records.count == 300)
  return try canonicalJSON(report)
}

@Test(arguments: [RoutingPolicy.roundRobin, .leastOutstandingRequests, .leastKVUsage, .prefixAffinity, .defaultWeighted])
func sameSeedGivesByteIdenticalReport(routing: RoutingPolicy) throws {
  let a = try runReport(seed: 7, routing: routing)
  let b = try runReport(seed: 7, routing: routing)
  #expect(a == b)
}

/// Without a reading sink the instances keep no records (`Instance.keepsRecords`): the report,
/// load-aware routing included, is the same as with every record collected.
@Test(arguments: [RoutingPolicy.roundRobin, .leastOutstandingRequests, .defaultWeighted])
func discardedRecordsLeaveTheReportUnchanged(routing: RoutingPolicy) throws {
  let discarded = try runReport(seed: 11, routing: routing)
  let collected = try runReport(seed: 11, routing: routing, collectingRecords: true)
  #expect(discarded == collected)
}

@Test func differentSeedsGiveDifferentReports() throws {
  let a = try runReport(seed: 7, routing: .leastOutstandingRequests)
  let b = try runReport(seed: 8, routing: .leastOutstandingRequests)
  #expect(a != b)
}

@Test func advancingInSlicesMatchesOneRun() throws {
  var c = EngineConfiguration(instances: 2, totalKVBlocksPerInstance: 300)
  c.routing = .leastKVUsage
  let spec = WorkloadPreset.chatbot.spec(ratePerSecond: 20, numRequests: 200, seed: 3)
  var whole = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  let expected = whole.run()
  var sliced = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  var t = SimTime.zero
  var snapshots = 0
  var lastCompleted = 0
  while !sliced.isFinished {
    t += .seconds(0.5)
    let snap = sliced.advance(until: t)
    #expect(snap.completed >= lastCompleted)
    #expect(snap.instances.allSatisfy { $0.kvUtilizationHistory.count <= Simulation.historyLength })
    lastCompleted = snap.completed
    snapshots += 1
  }
  // The clock of the last slice may run past the last event; compare everything else.
  let final = sliced.report()
  #expect(final.cluster.completedRequests == expected.cluster.completedRequests)
  #expect(final.cluster.ttft == expected.cluster.ttft)
  #expect(final.cluster.e2e == expected.cluster.e2e)
  #expect(final.cluster.itl == expected.cluster.itl)
  #expect(snapshots > 10)
}

@Test func horizonStopsTheRunAndCountsUnfinishedWork() throws {
  var c = EngineConfiguration(instances: 2, totalKVBlocksPerInstance: 2_000)
  c.horizon = SimTime(seconds: 5)
  let spec = WorkloadSpec(ratePerSecond: 50, numRequests: 1_000, promptTokens: .constant(300), outputTokens: .constant(300))
  var sim = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  let report = sim.run()
  #expect(sim.isFinished)
  #expect(sim.clock <= SimTime(seconds: 5))
  let cl = report.cluster
  #expect(cl.stillRunning + cl.stillQueued > 0)
  #expect(cl.injectedRequests == sim.arrivedRequests)
  #expect(sim.arrivedRequests < 1_000)
}

@Test func eventBudgetBoundsASliceWithoutChangingTheResult() throws {
  let c = EngineConfiguration(instances: 2, totalKVBlocksPerInstance: 500)
  let spec = WorkloadPreset.chatbot.spec(ratePerSecond: 30, numRequests: 150, seed: 4)
  var whole = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  let expected = try canonicalJSON(whole.run())
  var sliced = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  let first = sliced.advance(until: .distantFuture, maxEvents: 100)
  #expect(!first.isFinished && first.clock < SimTime(seconds: 60))
  var slices = 1
  while !sliced.isFinished { _ = sliced.advance(until: .distantFuture, maxEvents: 100); slices += 1 }
  _ = sliced.advance(until: .distantFuture)
  #expect(slices > 10)
  #expect(try canonicalJSON(sliced.report()) == expected)
}
