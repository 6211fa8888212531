import Testing
@testable import BLISSim

@Test func snapshotsShowQueuesBatchesAndKVUsage() throws {
  var c = EngineConfiguration(instances: 2, maxNumSeqs: 4, totalKVBlocksPerInstance: 200)
  c.routing = .leastOutstandingRequests
  let spec = WorkloadSpec(arrival: .constant, ratePerSecond: 200, numRequests: 400, promptTokens: .constant(100),
                          outputTokens: .constant(100))
  var sim = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  var snap = sim.advance(until: SimTime(seconds: 1))
  #expect(snap.clock == SimTime(seconds: 1))
  #expect(snap.totalRequests == 400)
  #expect(snap.injected == 201)  // arrivals at 0, 5 ms, …, 1 s
  for inst in snap.instances {
    #expect(inst.runningRequests == 4)  // overloaded: batches are full and queues grow
    #expect(inst.queueDepth > 50)
    #expect(inst.kvUsedBlocks > 0 && inst.kvUsedBlocks <= inst.kvTotalBlocks)
    #expect(inst.kvPeakUsedBlocks >= inst.kvUsedBlocks)
    #expect(inst.kvMeanUsedBlocks > 0 && inst.kvMeanUsedBlocks <= Double(inst.kvPeakUsedBlocks))
    #expect(inst.kvUtilizationHistory.count == 1)
  }
  #expect(snap.report.cluster.stillQueued == snap.instances.reduce(0) { $0 + $1.queueDepth })
  #expect(!snap.isFinished)
  snap = sim.advance(until: SimTime(seconds: 2))
  #expect(snap.instances.allSatisfy { $0.kvUtilizationHistory.count == 2 })
  #expect(snap.completed == snap.report.cluster.completedRequests)
  #expect(snap.completed > 0)
}
