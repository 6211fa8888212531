import Testing
@testable import BLISSim

/// A cache of 4 blocks (64 tokens) under heavy load with prompts and outputs that often cannot
/// fit: the run must end, with every request completed or dropped, and the cache empty.
@Test(arguments: [UInt64(1), 2, 3, 4, 5])
func tinyCacheUnderOverloadStillFinishes(seed: UInt64) throws {
  var c = EngineConfiguration(instances: 2, maxNumSeqs: 8, maxNumBatchedTokens: 32, totalKVBlocksPerInstance: 4,
                              seed: seed)
  c.routing = .leastKVUsage
  let spec = WorkloadSpec(ratePerSecond: 2_000, numRequests: 300, promptTokens: .uniform(min: 1, max: 70),
                          outputTokens: .uniform(min: 1, max: 80))
  var sim = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  var sink = CollectingRecordSink()
  var events = 0
  while sim.processNextEvent(notAfter: .distantFuture, sink: &sink) {
    events += 1
    if events > 1_000_000 { break }
  }
  #expect(sim.isFinished, "seed \(seed): still running after \(events) events")
  let report = sim.report()
  #expect(report.cluster.completedRequests + report.cluster.droppedUnservable == 300, "seed \(seed)")
  #expect(report.cluster.completedRequests > 100, "seed \(seed)")
  #expect(report.cluster.kv.preemptions > 0, "seed \(seed): the scenario should exercise preemption")
  #expect(sim.instances.allSatisfy { $0.kv.usedBlocks == 0 }, "seed \(seed)")
}
