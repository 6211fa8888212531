import Testing
@testable import BLISSim

@Suite struct RooflineModelTests {
  let h100: HardwareSpec
  let llama8: ModelConfig
  init() throws {
    h100 = try TestData.catalog().spec(named: "H100")
    llama8 = try TestData.model("llama-3.1-8b-instruct")
  }

  @Test func breakdownSumsToStepTime() {
    let m = RooflineModel(model: llama8, hardware: h100)
    var b = BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 512)])
    b.addDecodes(count: 32, contextTokens: 2047)
    let parts = m.breakdown(for: b)
    #expect(abs(parts.totalMicros.rounded() - Double(m.stepTime(for: b).microseconds)) <= 1)
    #expect(parts.computeMicros > 0 && parts.memoryMicros > 0 && parts.overheadMicros > 0)
    #expect(parts.communicationMicros == 0)
  }

  @Test func smallDecodeIsMemoryBoundAndLongPrefillComputeBound() {
    let m = RooflineModel(model: llama8, hardware: h100)
    var d = BatchShape(); d.addDecodes(count: 1, contextTokens: 511)
    #expect(m.breakdown(for: d).bound == .memory)
    let p = BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 8192)])
    #expect(m.breakdown(for: p).bound == .compute)
  }

  @Test func tensorParallelismSpeedsUpButAddsCommunication() {
    var b = BatchShape(); b.addDecodes(count: 64, contextTokens: 1024)
    let tp1 = RooflineModel(model: llama8, hardware: h100, tensorParallelism: 1)
    let tp2 = RooflineModel(model: llama8, hardware: h100, tensorParallelism: 2)
    #expect(tp2.stepTime(for: b) < tp1.stepTime(for: b))
    #expect(tp2.breakdown(for: b).communicationMicros > 0)
    // Not a perfect halving: overheads and all-reduce do not shrink.
    #expect(Double(tp2.stepTime(for: b).microseconds) > 0.5 * Double(tp1.stepTime(for: b).microseconds))
  }

  @Test func moeReadsOnlyTheExpertsItHits() throws {
    let mixtral = try TestData.model("mixtral-8x7b-v0.1")
    let m = RooflineModel(model: mixtral, hardware: h100, tensorParallelism: 2)
    var one = BatchShape(); one.addDecodes(count: 1, contextTokens: 512)
    var many = BatchShape(); many.addDecodes(count: 64, contextTokens: 512)
    // One token touches 2 of 8 experts: far less than streaming all weights (~93 GB / 2 GPUs).
    let allWeightsMicros = mixtral.weightBytes / 2 / (h100.bandwidthTBps * 1e12 * h100.memoryEfficiency) * 1e6
    #expect(Double(m.stepTime(for: one).microseconds) < 0.6 * allWeightsMicros)
    #expect(Double(m.stepTime(for: many).microseconds) > 0.9 * allWeightsMicros)
  }

  @Test func fp8WeightsHalveWeightStreaming() {
    var fp8 = llama8; fp8.weightBytesPerParam = 1; fp8.quantizedActivations = true
    var d = BatchShape(); d.addDecodes(count: 1, contextTokens: 100)
    let bf = Double(RooflineModel(model: llama8, hardware: h100).stepTime(for: d).microseconds)
    let q = Double(RooflineModel(model: fp8, hardware: h100).stepTime(for: d).microseconds)
    #expect(q < 0.65 * bf && q > 0.4 * bf)
  }

  @Test func emptyBatchIsOneMicrosecond() {
    #expect(RooflineModel(model: llama8, hardware: h100).stepTime(for: BatchShape()).microseconds == 1)
  }
}
