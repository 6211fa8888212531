import Foundation
import Testing
@testable import BLISSim

/// The engine against `ReferenceSimulation` (the engine before the O(1)-per-step rewrite): for
/// random configurations — routing policies, admission, prefix caching, tiny KV caches that force
/// preemption, chunked prefill on and off, every serving-stack mechanism, closed loops, horizons —
/// the reports must be byte-identical and the request records identical, in order.
@Suite struct DifferentialEngineTests {
  /// Step time linear in the whole shape (every chunk, the decode count and context), so any
  /// difference in the batches formed shows in the times.
  struct ShapeSensitiveModel: LatencyModel {
    var baseMicros: Int64
    func stepTime(for batch: BatchShape) -> SimDuration {
      var micros = baseMicros + Int64(batch.decodeCount) * 11 + Int64(batch.decodeContextTokensSum / 37)
      for p in batch.prefills { micros += Int64(p.newTokens) * 3 + Int64(p.contextTokens / 50) + (p.completesPrompt ? 7 : 0) }
      return SimDuration(microseconds: micros)
    }
    var summary: String { "shape-sensitive \(baseMicros)" }
  }

  struct Scenario: CustomStringConvertible {
    var configuration: EngineConfiguration
    var workload: Workload
    var model: ShapeSensitiveModel
    var description: String { "\(configuration) \(workload)" }

    init(seed: UInt64, large: Bool = false) {
      var rng = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 11)
      func pick<T>(_ options: [T]) -> T { options[Int(rng.next() % UInt64(options.count))] }
      var c = EngineConfiguration(seed: seed)
      c.instances = pick([1, 1, 2, 3])
      c.maxNumSeqs = large ? pick([64, 256, 1024]) : pick([1, 2, 4, 8, 16])
      c.maxNumBatchedTokens = large ? pick([512, 2048, 8192]) : pick([8, 32, 64, 256, 2048])
      c.longPrefillTokenThreshold = pick([0, 0, 16, 48])
      c.blockSizeTokens = pick([4, 16, 16, 10])
      c.totalKVBlocksPerInstance = large ? pick([300, 2_000, 50_000]) : pick([3, 8, 16, 40, 200])
      c.maxModelLen = pick([nil, nil, 160])
      c.enablePrefixCaching = pick([true, true, false])
      c.routing = pick([.roundRobin, .leastOutstandingRequests, .leastKVUsage, .prefixAffinity, .defaultWeighted])
      c.snapshotRefreshInterval = pick([.zero, .zero, SimDuration(microseconds: 50_000)])
      c.admissionLatency = SimDuration(microseconds: pick([0, 0, 2_000]))
      c.routingLatency = SimDuration(microseconds: pick([0, 0, 1_000]))
      c.admission = pick([.alwaysAdmit, .alwaysAdmit, .tokenBucket(capacityTokens: 600, refillTokensPerSecond: 2_000)])
      var sync = ServingProfile(name: "sync", engineLoop: EngineLoopComponent(mode: .sync),
                                hostCPU: HostCPUComponent(stepMicros: 100, perRunningRequestMicros: 5, perScheduledTokenMicros: 0.3,
                                                          perOutputTokenMicros: 3),
                                outputPath: OutputPathComponent(stepMicros: 20, perTokenMicros: 30, firstChunkMicros: 500,
                                                                firstChunkPerPromptTokenMicros: 1, tokenDelayMicros: 70))
      sync.frontEnd = FrontEndComponent(networkRoundTripMicros: 600, apiIngressMicros: 300, apiPerPromptTokenMicros: 2,
                                        tokenizerWindowMicros: 0, tokenizePerPromptTokenMicros: 1)
      var async = sync
      async.name = "async"
      async.engineLoop.mode = .async
      async.frontEnd.tokenizerWindowMicros = 2_000
      async.frontEnd.tokenizerMaxBatch = pick([1, 3, 32])
      var v0 = sync
      v0.name = "v0"
      v0.engineLoop = EngineLoopComponent(mode: .sync, multiStep: pick([1, 4, 10]), unchunkedPrefill: .prefillOnlySteps)
      let profile = pick([ServingProfile.gpuOnly, sync, async, async, v0])
      c.serving = profile.stack(tensorParallelism: 1)
      if profile.name == "v0" || pick([false, false, false, true]) {
        c.chunkedPrefill = false
        c.maxNumBatchedTokens = max(c.maxNumBatchedTokens, 256)
      }
      if pick([false, false, false, false, true]) { c.horizon = SimTime(microseconds: pick([200_000, 2_000_000])) }
      configuration = c
      let shared: SharedPrefix? = pick([nil, nil, SharedPrefix(groups: 2, promptsPerGroup: 3, prefixTokens: 40)])
      let requests = large ? Int(rng.next() % 1_500) + 500 : Int(rng.next() % 40) + 5
      var spec = WorkloadSpec(seed: seed, arrival: pick([.poisson, .constant, .gamma(cv: 2)]),
                              ratePerSecond: large ? pick([20.0, 200, 2_000]) : pick([5.0, 50, 400]), numRequests: requests,
                              promptTokens: .uniform(min: 1, max: pick([20, 120, 200])),
                              outputTokens: .uniform(min: 1, max: large ? pick([60, 300]) : pick([1, 10, 60])),
                              sharedPrefix: shared)
      if pick([false, false, false, true]) {
        spec.closedLoop = ClosedLoop(clients: pick([1, 2, 5, 50]), thinkTime: pick([.none, .constant(milliseconds: 5),
                                                                                    .exponential(meanMilliseconds: 3)]))
      }
      workload = .synthetic(spec)
      model = ShapeSensitiveModel(baseMicros: pick([300, 1_000, 5_000]))
    }
  }

  /// Runs both engines; returns a description of the first difference, or nil. With `slices`,
  /// both advance in the same slices of simulated time and the snapshots a UI would see are
  /// compared too.
  static func compare(_ s: Scenario, slices: Bool = true) throws -> String? {
    var engine = try Simulation(configuration: s.configuration, latencyModel: s.model, workload: s.workload)
    var reference = try ReferenceSimulation(configuration: s.configuration, latencyModel: s.model, workload: s.workload)
    var engineRecords = CollectingRecordSink(), referenceRecords = CollectingRecordSink()
    if !slices {
      _ = engine.run(recordingInto: &engineRecords)
      _ = reference.run(recordingInto: &referenceRecords)
    }
    var t = SimTime.zero
    while !(engine.isFinished && reference.isFinished) {
      t = t + SimDuration(microseconds: 250_000)
      let a = engine.advance(until: t, recordingInto: &engineRecords)
      let b = reference.advance(until: t, recordingInto: &referenceRecords)
      if a.instances != b.instances || a.completed != b.completed || a.injected != b.injected || a.clock != b.clock {
        return "snapshots differ at \(t): \(a.instances) vs \(b.instances)"
      }
      if t.microseconds > 3_600_000_000 { return "no end after an hour of simulated time" }
    }
    if try canonicalJSON(engine.report()) != canonicalJSON(reference.report()) {
      return "reports differ:\n\(try String(decoding: canonicalJSON(engine.report()), as: UTF8.self))\nvs\n"
        + String(decoding: try canonicalJSON(reference.report()), as: UTF8.self)
    }
    if engineRecords.records != referenceRecords.records {
      let i = zip(engineRecords.records, referenceRecords.records).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(engineRecords.records.count, referenceRecords.records.count)
      return "records differ at #\(i) (of \(engineRecords.records.count) vs \(referenceRecords.records.count)): "
        + "\(i < engineRecords.records.count ? "\(engineRecords.records[i])" : "-") vs "
        + "\(i < referenceRecords.records.count ? "\(referenceRecords.records[i])" : "-")"
    }
    return nil
  }

  @Test func smallScenariosOverAThousandSeeds() throws {
    for seed in UInt64(0)..<1_000 {
      let s = Scenario(seed: seed)
      if let difference = try Self.compare(s, slices: seed % 4 == 0) { Issue.record("seed \(seed): \(difference)\n\(s)"); return }
    }
  }

  @Test func largeScenarios() throws {
    for seed in UInt64(0)..<24 {
      let s = Scenario(seed: seed, large: true)
      if let difference = try Self.compare(s, slices: false) { Issue.record("large seed \(seed): \(difference)\n\(s)"); return }
    }
  }
}
