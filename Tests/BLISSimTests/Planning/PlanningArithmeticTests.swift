import Testing
@testable import BLISSim

@Suite struct PlanningArithmeticTests {
  @Test func costPerMillionOutputTokens() throws {
    // 8 GPUs × $3/h = $24/h = $0.00667/s; at 10,000 tok/s that is $0.667 per million tokens.
    let cost = try #require(CostModel.usdPerMillionOutputTokens(gpus: 8, gpuHourUSD: 3, outputTokensPerSecond: 10_000))
    #expect(abs(cost - 24.0 / 3600 / 10_000 * 1_000_000) < 1e-12)
    #expect(abs(cost - 0.6667) < 1e-4)
    #expect(CostModel.usdPerMillionOutputTokens(gpus: 8, gpuHourUSD: 0, outputTokensPerSecond: 10_000) == nil)
    #expect(CostModel.usdPerMillionOutputTokens(gpus: 8, gpuHourUSD: 3, outputTokensPerSecond: 0) == nil)
  }

  @Test func gpusNeededForATargetRate() {
    let tp2x4 = GPUSplit(tensorParallelism: 2, instances: 4)
    // 100 req/s over 4 instances = 25 per instance; 250 req/s needs 10 instances of 2 GPUs.
    #expect(CostModel.gpusNeeded(targetRate: 250, maxRate: 100, split: tp2x4) == 20)
    // An exact fit is not rounded up: 200 req/s = 8 instances.
    #expect(CostModel.gpusNeeded(targetRate: 200, maxRate: 100, split: tp2x4) == 16)
    #expect(CostModel.gpusNeeded(targetRate: 201, maxRate: 100, split: tp2x4) == 18)
    #expect(CostModel.gpusNeeded(targetRate: 1, maxRate: 100, split: GPUSplit(tensorParallelism: 8, instances: 1)) == 8)
    #expect(CostModel.gpusNeeded(targetRate: 10, maxRate: 0, split: tp2x4) == nil)
  }

  @Test func splitsOfAGPUBudget() {
    #expect(SplitGrid.splits(gpus: 8).map(\.description) == ["TP1×8", "TP2×4", "TP4×2", "TP8×1"])
    #expect(SplitGrid.splits(gpus: 12).map(\.tensorParallelism) == [1, 2, 4])
    #expect(SplitGrid.splits(gpus: 1) == [GPUSplit(tensorParallelism: 1, instances: 1)])
    #expect(SplitGrid.splits(gpus: 0).isEmpty)
    #expect(SplitGrid.splits(gpus: 8).allSatisfy { $0.gpuCount == 8 })
  }

  @Test func productKeepsOrderAndDropsDuplicates() {
    let grid = SplitGrid.product(tensorParallelism: [2, 1, 2], instances: [1, 4])
    #expect(grid.map(\.description) == ["TP2×1", "TP2×4", "TP1×1", "TP1×4"])
  }

  @Test func listFlagsParseAndRejectBadValues() throws {
    #expect(try PlanningListParser.wholeNumbers("1, 2,4", flag: "--tp-list", range: 1...64) == [1, 2, 4])
    #expect(try PlanningListParser.positiveNumbers("50,100.5", flag: "--rates") == [50, 100.5])
    #expect(try PlanningListParser.latencyModels("Roofline,blackbox,roofline", flag: "--latency-models") == [.roofline, .blackbox])
    for (text, flag) in [("1,,2", "--tp-list"), ("0", "--tp-list"), ("two", "--tp-list"), ("128", "--tp-list")] {
      #expect(throws: PlanningError.self, "\(text)") { try PlanningListParser.wholeNumbers(text, flag: flag, range: 1...64) }
    }
    for text in ["-5", "0", "fast", "nan", "inf"] {
      do {
        _ = try PlanningListParser.positiveNumbers(text, flag: "--rates")
        Issue.record("accepted --rates \(text)")
      } catch {
        #expect(error.description.hasPrefix("--rates '\(text)' is invalid"))
      }
    }
    #expect(throws: PlanningError.self) { try PlanningListParser.latencyModels("roofline,magic", flag: "--latency-models") }
  }
}
