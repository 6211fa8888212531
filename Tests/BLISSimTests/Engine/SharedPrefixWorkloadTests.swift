import Testing
@testable import BLISSim

/// Two constant-rate stages over a shared-prefix workload: 10 req/s for 5 s then 20 req/s for
/// 5 s; 2 groups × 100 prompts, 64-token prefix (4 blocks) + 32-token question (2 blocks).
/// Requests 0–99 use group 0 and 100–149 group 1; all 150 prompts are distinct.
@Test func twoStageSharedPrefixCountsAndHitRate() throws {
  let yaml = """
    seed: 5
    arrival: constant
    stages:
      - {rate: 10, duration_s: 5}
      - {rate: 20, duration_s: 5}
    prompt_tokens: {dist: constant, value: 32}
    output_tokens: {dist: constant, value: 8}
    shared_prefix: {groups: 2, prompts_per_group: 100, prefix_tokens: 64}
    """
  let spec = try WorkloadSpec(yaml: yaml)
  let c = EngineConfiguration(instances: 1, totalKVBlocksPerInstance: 10_000)
  var sim = try Simulation(configuration: c, latencyModel: AffineLatencyModel(), workload: spec)
  var sink = CollectingRecordSink()
  let report = sim.run(recordingInto: &sink)

  let firstStage = sink.records.filter { $0.arrivalSeconds < 5 }.count
  let secondStage = sink.records.filter { $0.arrivalSeconds >= 5 }.count
  #expect(firstStage == 50)
  #expect(secondStage == 100)
  #expect(report.cluster.completedRequests == 150)

  // Each group's first request misses all 6 blocks; every later one finds the 4 prefix blocks
  // (nothing is evicted from 10,000 blocks) and misses its 2 question blocks.
  let expectedHitBlocks = (150 - 2) * 4
  let expectedRate = Double(expectedHitBlocks) / Double(150 * 6)
  #expect(abs(report.cluster.kv.prefixHitRate - expectedRate) < 1e-12)
  #expect(report.cluster.cachedPromptTokens == expectedHitBlocks * 16)
}

/// When prompts repeat exactly, all but the last block comes from the cache (vLLM recomputes the
/// last prompt token, so at least one block is computed).
@Test func repeatedPromptsHitAllButTheLastBlock() throws {
  let spec = WorkloadSpec(arrival: .constant, ratePerSecond: 5, numRequests: 20, promptTokens: .constant(64),
                          outputTokens: .constant(4), sharedPrefix: SharedPrefix(groups: 1, promptsPerGroup: 2, prefixTokens: 32))
  var sim = try Simulation(configuration: EngineConfiguration(totalKVBlocksPerInstance: 1_000),
                           latencyModel: AffineLatencyModel(), workload: spec)
  var sink = CollectingRecordSink()
  _ = sim.run(recordingInto: &sink)
  // 96-token prompts = 6 blocks. Requests 0 and 1 introduce the two prompts (request 1 hits the
  // 2 prefix blocks); requests 2… repeat a prompt and hit 5 blocks.
  let cached = sink.records.sorted { $0.id < $1.id }.map(\.cachedPromptTokens)
  #expect(cached[0] == 0)
  #expect(cached[1] == 32)
  #expect(cached[2...].allSatisfy { $0 == 80 })
}
