import Testing
@testable import BLISSim

/// The engine's step-time memo and the attention shortcut it uses must give exactly the model's
/// step time: the simulation's output depends on every microsecond.
@Suite struct StepTimeMemoTests {
  /// Random batches (decode-only, prefill-only, mixed; repeated counts so memo hits happen) through
  /// the memo and straight through the model, for dense, GQA, MoE and MLA models at several TPs.
  @Test(arguments: [("llama-3.1-8b-instruct", 1), ("llama-3.1-70b-instruct", 4), ("mixtral-8x7b-v0.1", 2),
                    ("deepseek-v2-lite", 1), ("qwen3-14b", 2)])
  func memoEqualsTheModel(name: String, tp: Int) throws {
    let model = RooflineModel(model: try TestData.model(name), hardware: try TestData.catalog().spec(named: "H100"),
                              tensorParallelism: tp)
    var memo = StepTimeCache(model: model)
    var rng = SeededGenerator(seed: UInt64(tp * 7919 + name.count))
    for _ in 0..<3_000 {
      var batch = BatchShape()
      for _ in 0..<Int.random(in: 0...2, using: &rng) where Bool.random(using: &rng) {
        batch.prefills.append(PrefillChunk(contextTokens: Int.random(in: 0...4_000, using: &rng),
                                           newTokens: Int.random(in: 1...2_048, using: &rng),
                                           completesPrompt: Bool.random(using: &rng)))
      }
      batch.addDecodes(count: Int.random(in: 0...300, using: &rng), contextTokens: Int.random(in: 1...8_000, using: &rng))
      #expect(memo.stepTime(for: batch) == model.stepTime(for: batch), "\(batch)")
      // The attention shortcuts against the per-kernel breakdown.
      let costs = model.attentionCosts
      let perKernel = costs.attention(batch).scaled(by: costs.layers).totalMicros
      #expect(costs.allLayersMicros(batch) == perKernel, "\(batch)")
      if batch.prefills.isEmpty && batch.decodeCount > 0 { #expect(costs.decodeOnlyMicros(batch) == perKernel) }
    }
  }

  /// Decode-only attention computes only the winning side when the constants decide it: the same
  /// value as computing both and taking the larger, for every context.
  @Test func decodeBoundPicksTheLargerSideForEveryContext() {
    var rng = SeededGenerator(seed: 11)
    for _ in 0..<2_000 {
      let f = Double.random(in: 1e2...1e5, using: &rng), F = Double.random(in: 1e12...1e15, using: &rng)
      let b = Double.random(in: 1e1...1e5, using: &rng), B = Double.random(in: 1e11...1e13, using: &rng)
      let bound = AttentionCosts.decodeBound(flopsPerQueryKey: f, computeFlopsPerSecond: F, kvBytesPerToken: b,
                                             kvBytesPerSecond: B)
      for _ in 0..<20 {
        let keys = Double(Int.random(in: 1...(1 << 40), using: &rng))
        let compute = f * keys / F, memory = keys * b / B
        switch bound {
        case .compute: #expect(compute >= memory)
        case .memory: #expect(compute < memory)
        case .either: break
        }
      }
    }
  }

  @Test func decodeBoundComparesBothSidesWhenTheConstantsDoNotDecide() {
    // A ratio of exactly 1 (ties go to compute, as before), one within rounding of 1, and degenerate constants.
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: 4, computeFlopsPerSecond: 8, kvBytesPerToken: 2,
                                       kvBytesPerSecond: 4) == .either)
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: 4 * (1 + 1e-12), computeFlopsPerSecond: 8,
                                       kvBytesPerToken: 2, kvBytesPerSecond: 4) == .either)
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: 0, computeFlopsPerSecond: 8, kvBytesPerToken: 2,
                                       kvBytesPerSecond: 4) == .either)
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: 4, computeFlopsPerSecond: 0, kvBytesPerToken: 2,
                                       kvBytesPerSecond: 4) == .either)
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: .nan, computeFlopsPerSecond: 8, kvBytesPerToken: 2,
                                       kvBytesPerSecond: 4) == .either)
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: 4, computeFlopsPerSecond: 8, kvBytesPerToken: 2,
                                       kvBytesPerSecond: 40) == .compute)
    #expect(AttentionCosts.decodeBound(flopsPerQueryKey: 4, computeFlopsPerSecond: 80, kvBytesPerToken: 2,
                                       kvBytesPerSecond: 4) == .memory)
  }
}
