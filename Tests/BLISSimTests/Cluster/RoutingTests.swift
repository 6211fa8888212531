import Testing
@testable import BLISSim

private func snapshots(_ loads: [Int], kv: [Int]? = nil) -> [InstanceSnapshot] {
  loads.enumerated().map { i, l in
    InstanceSnapshot(index: i, queueDepth: l, runningRequests: 0, outstandingRequests: l, kvUsedBlocks: kv?[i] ?? 0,
                     kvTotalBlocks: 100)
  }
}

@Test func roundRobinCycles() {
  var r = Router(policy: .roundRobin, instances: 3, streams: RandomStreams(masterSeed: 1))
  let picks = (0..<7).map { _ in r.route(blockHashes: [], among: snapshots([0, 0, 0])) }
  #expect(picks == [0, 1, 2, 0, 1, 2, 0])
}

@Test func leastOutstandingPicksTheLeastLoadedAndSpreadsTies() {
  var r = Router(policy: .leastOutstandingRequests, instances: 4, streams: RandomStreams(masterSeed: 1))
  #expect(r.route(blockHashes: [], among: snapshots([5, 2, 7, 3])) == 1)
  var counts = [0, 0, 0, 0]
  for _ in 0..<400 { counts[r.route(blockHashes: [], among: snapshots([1, 9, 1, 1]))] += 1 }
  #expect(counts[1] == 0)
  #expect(counts.enumerated().filter { $0.offset != 1 }.allSatisfy { $0.element > 80 })  // ties spread, not piled on 0
}

@Test func leastKVPicksTheEmptiestCache() {
  var r = Router(policy: .leastKVUsage, instances: 3, streams: RandomStreams(masterSeed: 1))
  #expect(r.route(blockHashes: [], among: snapshots([0, 0, 0], kv: [50, 10, 30])) == 1)
}

@Test func prefixAffinityFollowsTheGroup() {
  var r = Router(policy: .prefixAffinity, instances: 3, streams: RandomStreams(masterSeed: 1))
  let groupA: [UInt64] = [11, 12, 13, 14]
  let first = r.route(blockHashes: groupA, among: snapshots([0, 0, 0]))
  // Later requests sharing the first 3 blocks go to the same instance even if it is busier.
  var loads = [0, 0, 0]
  loads[first] = 5
  #expect(r.route(blockHashes: [11, 12, 13, 99], among: snapshots(loads)) == first)
  // A request with no match goes to the least loaded instance.
  #expect(r.route(blockHashes: [77], among: snapshots(loads)) != first)
}

@Test func weightedScorerCombinesSignals() throws {
  let policy = try RoutingPolicy(name: "weighted", scorers: "queue-depth:1,kv-utilization:3")
  var r = Router(policy: policy, instances: 2, streams: RandomStreams(masterSeed: 1))
  // Instance 0: shorter queue; instance 1: much emptier KV. KV weighs 3×.
  #expect(r.route(blockHashes: [], among: snapshots([1, 4], kv: [95, 5])) == 1)
  #expect(r.route(blockHashes: [], among: snapshots([1, 4], kv: [50, 45])) == 0)
}

@Test func routingNamesAndScorersAreValidated() {
  #expect(throws: EngineConfigurationError.self) { try RoutingPolicy(name: "random") }
  #expect(throws: EngineConfigurationError.self) { try RoutingPolicy(name: "weighted", scorers: "queue-depth") }
  #expect(throws: EngineConfigurationError.self) { try RoutingPolicy(name: "weighted", scorers: "magic:1") }
  let negative = RoutingPolicy.weighted([.init(.queueDepth, weight: -1)])
  #expect(throws: EngineConfigurationError.self) { try EngineConfiguration(routing: negative).validated() }
}

@Test func tokenBucketAdmitsWithinItsBudget() {
  var a = AdmissionController(policy: .tokenBucket(capacityTokens: 1_000, refillTokensPerSecond: 100))
  let decisions = [
    a.admit(promptTokens: 600, at: .zero),
    a.admit(promptTokens: 600, at: .zero),  // 400 left
    a.admit(promptTokens: 600, at: SimTime(seconds: 1)),  // 500
    a.admit(promptTokens: 600, at: SimTime(seconds: 2)),  // 600
  ]
  #expect(decisions == [true, false, false, true])
}

@Test func clusterRejectionsAreCountedAndConserved() throws {
  var c = EngineConfiguration(instances: 2, totalKVBlocksPerInstance: 1_000)
  c.admission = .tokenBucket(capacityTokens: 500, refillTokensPerSecond: 100)
  let spec = WorkloadSpec(arrival: .constant, ratePerSecond: 10, numRequests: 100, promptTokens: .constant(100),
                          outputTokens: .constant(5))
  var sim = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  let report = sim.run()
  // 5 admitted from the full bucket, then one per second of refill (one per 10 arrivals).
  #expect(report.cluster.rejectedByAdmission > 80)
  #expect(report.cluster.injectedRequests + report.cluster.rejectedByAdmission == 100)
  #expect(report.cluster.completedRequests == report.cluster.injectedRequests)
}

@Test func badConfigurationNamesTheField() {
  let cases: [(EngineConfiguration, String)] = [
    (EngineConfiguration(instances: 0), "instances"),
    (EngineConfiguration(maxNumSeqs: 0), "max_num_seqs"),
    (EngineConfiguration(maxNumBatchedTokens: -1), "max_num_batched_tokens"),
    (EngineConfiguration(totalKVBlocksPerInstance: 0), "total_kv_blocks"),
    (EngineConfiguration(admission: .tokenBucket(capacityTokens: 0, refillTokensPerSecond: 1)), "token_bucket_capacity"),
  ]
  for (config, field) in cases {
    do {
      _ = try config.validated()
      Issue.record("accepted bad \(field)")
    } catch {
      #expect("\(error)".hasPrefix("invalid \(field):"), "got \(error)")
    }
  }
}

@Test func staleSnapshotsKeepLoadSignalsButNotOutstandingCounts() throws {
  var c = EngineConfiguration(instances: 2, totalKVBlocksPerInstance: 1_000, routing: .leastKVUsage)
  c.snapshotRefreshInterval = .seconds(100)
  let spec = WorkloadSpec(arrival: .constant, ratePerSecond: 50, numRequests: 100, promptTokens: .constant(200),
                          outputTokens: .constant(50))
  var sim = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  _ = sim.advance(until: SimTime(seconds: 1))
  // Refreshed once, at the first arrival (empty caches); never since.
  #expect(sim.instanceSnapshots.allSatisfy { $0.kvUsedBlocks == 0 })
  #expect(sim.instances.contains { $0.kv.usedBlocks > 0 })
  #expect(sim.instances.map(\.unfinishedCount) == sim.instances.map(\.outstandingRequests))
}

@Test func gatewayLatenciesDelayServiceAndCountInTTFT() throws {
  var c = EngineConfiguration(instances: 2, totalKVBlocksPerInstance: 100)
  c.admissionLatency = .milliseconds(5)
  c.routingLatency = .milliseconds(3)
  let spec = WorkloadSpec(arrival: .constant, ratePerSecond: 1, numRequests: 3, promptTokens: .constant(10),
                          outputTokens: .constant(1))
  var sim = try Simulation(configuration: c, latencyModel: ConstantStepModel(stepMicros: 2_000), workload: spec)
  var sink = CollectingRecordSink()
  _ = sim.run(recordingInto: &sink)
  #expect(sink.records.count == 3)
  #expect(sink.records.allSatisfy { $0.schedulingDelayMicros == 8_000 && $0.ttftMicros == 10_000 })
}

@Test func prefixIndexEvictsTheLeastRecentlyTouchedHash() {
  var lru = HashLRU(capacity: 3)
  for k: UInt64 in [1, 2, 3, 1, 4] { lru.touch(k) }  // 1 was refreshed, so 2 is the oldest
  #expect(!lru.contains(2))
  #expect([1, 3, 4].allSatisfy { lru.contains($0) })
  for k: UInt64 in 10...1_000 { lru.touch(k) }
  #expect((998...1_000).allSatisfy { lru.contains($0) } && !lru.contains(997) && !lru.contains(1))
}
