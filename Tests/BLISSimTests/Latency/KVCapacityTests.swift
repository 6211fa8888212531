import Testing
@testable import BLISSim

@Suite struct KVCapacityTests {
  let catalog: HardwareCatalog
  init() throws { catalog = try TestData.catalog() }

  @Test func llama8bH100TP1IsWithinFivePercentOfVLLM() throws {
    let kv = try KVCapacity.compute(model: TestData.model("llama-3.1-8b-instruct"),
                                    hardware: catalog.spec(named: "H100"), tensorParallelism: 1)
    #expect(kv.blockBytes == 2_097_152)
    #expect(abs(Double(kv.blocks) - 29205) / 29205 <= 0.05, "got \(kv.blocks) blocks")
  }
  @Test func tensorParallelismGrowsCapacityAtMostTPfold() throws {
    let m = try TestData.model("llama-3.1-8b-instruct"), h = try catalog.spec(named: "H100")
    let tp1 = try KVCapacity.compute(model: m, hardware: h, tensorParallelism: 1).blocks
    let tp2 = try KVCapacity.compute(model: m, hardware: h, tensorParallelism: 2).blocks
    // Physically: half the KV heads per GPU and half the weights → a bit more than 2×, never ~4× (the reference's over-count).
    #expect(Double(tp2) > 2 * Double(tp1) && Double(tp2) < 2.4 * Double(tp1))
  }
  @Test func replicatedKVHeadsWhenKBelowTP() throws {
    let m = try TestData.model("qwen2.5-7b-instruct")   // K = 4
    #expect(m.kvBytesPerToken(perGPUAtTP: 4) == m.kvBytesPerToken(perGPUAtTP: 8))
  }
  @Test func mlaUsesLatentSize() throws {
    let m = try TestData.model("deepseek-v2-lite")
    #expect(m.kvBytesPerToken(perGPUAtTP: 1) == Double(27 * (512 + 64) * 2))
    #expect(m.kvBytesPerToken(perGPUAtTP: 2) == m.kvBytesPerToken(perGPUAtTP: 1))
  }
  @Test func seventyBDoesNotFitOnOneH100AndNamesTP() throws {
    let m = try TestData.model("llama-3.1-70b-instruct")
    #expect(throws: KVCapacityError.self) {
      try KVCapacity.compute(model: m, hardware: catalog.spec(named: "H100"), tensorParallelism: 1)
    }
    do {
      _ = try KVCapacity.compute(model: m, hardware: catalog.spec(named: "H100"), tensorParallelism: 1)
    } catch let e as KVCapacityError {
      guard case .doesNotFit(_, _, _, _, let fit) = e else { Issue.record("wrong error \(e)"); return }
      #expect(fit == 2)
      #expect(e.description.contains("smallest TP that fits is 2"))
    }
  }
  @Test func rejectsBadUtilization() throws {
    let m = try TestData.model("llama-3.1-8b-instruct")
    #expect(throws: KVCapacityError.self) {
      try KVCapacity.compute(model: m, hardware: catalog.spec(named: "H100"), tensorParallelism: 1, gpuMemoryUtilization: 1.5)
    }
  }
}
