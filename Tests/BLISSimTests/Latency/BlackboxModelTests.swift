import Testing
@testable import BLISSim

/// Golden vectors A1–A4 of the reference (latency-models.md §10).
@Suite struct BlackboxModelTests {
  let model: BlackboxModel
  init() throws { model = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [100, 1, 100], beta: [1000, 10, 5])) }

  @Test func a1PrefillStep() {
    // input 100, 50 tokens computed, 30 scheduled: 1000 + 10·30.
    let b = BatchShape(prefills: [PrefillChunk(contextTokens: 50, newTokens: 30, completesPrompt: false)])
    #expect(model.stepTime(for: b).microseconds == 1300)
  }
  @Test func a2QueueingAndOutputProcessing() {
    // α keeps the reference's meaning through the blackbox stack: α0 + α1·input before the wait
    // queue, α2 on every token, no host CPU, whatever the profile's own costs.
    let stack = ServingProfile(name: "any").blackboxStack(alpha: model.coefficients.alpha)
    var inst = Instance(index: 0, configuration: EngineConfiguration(serving: stack))
    let (_, ready) = inst.accept(WorkloadRequest(id: 0, arrival: .zero, inputTokens: 50, outputTokens: 1, promptSeed: 1), at: .zero)
    #expect(ready.microseconds == 150)
    #expect(stack.outputPath.tokenDelayMicros == 100 && stack.outputPath.perTokenMicros == 0)
    #expect(stack.hostMicros(running: 10, scheduledTokens: 10, outputTokens: 10) == 0)
  }
  @Test func a3MixedStep() {
    var b = BatchShape(prefills: [PrefillChunk(contextTokens: 50, newTokens: 30, completesPrompt: false)])
    b.addDecodes(count: 1, contextTokens: 60)
    #expect(model.stepTime(for: b).microseconds == 1305)
  }
  @Test func a4FloorIsOneMicrosecond() throws {
    let zero = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: [0, 0, 0]))
    #expect(zero.stepTime(for: BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 5)])).microseconds == 1)
  }
  @Test func truncatesFractionalMicroseconds() throws {
    let m = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: [10.9, 0.5, 0]))
    #expect(m.stepTime(for: BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 1)])).microseconds == 11)
  }
  @Test func optionalFourthBetaChargesDecodeContext() throws {
    let m = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: [100, 0, 1, 0.01]))
    var b = BatchShape(); b.addDecodes(count: 2, contextTokens: 1000)
    #expect(m.stepTime(for: b).microseconds == 122)
  }
  @Test func rejectsShortOrNegativeCoefficients() {
    #expect(throws: BlackboxCoefficientsError.self) {
      try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [1, 2], beta: [1, 2, 3]))
    }
    #expect(throws: BlackboxCoefficientsError.self) {
      try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [1, 2, 3], beta: [1, -2, 3]))
    }
  }
}

@Suite struct BlackboxExtendedFormTests {
  @Test func evaluatesEveryExtendedTerm() throws {
    let m = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: [1000, 2, 3, 0.5, 0.01, 7, 100]))
    var b = BatchShape(prefills: [PrefillChunk(contextTokens: 50, newTokens: 99)])
    b.addDecodes(count: 11, contextTokens: 20)
    // pairs = 99·(50 + 50) = 9900; tokens = 110 → 10 beyond the knee.
    let reference: Double = 1000 + 2 * 99 + 3 * 11
    let extended: Double = 0.5 * 220 + 0.01 * 9900 + 7 * 10
    let expected = reference + extended
    #expect(m.stepTime(for: b).microseconds == Int64(expected))
    // Below the knee the knee term contributes nothing.
    var small = BatchShape(); small.addDecodes(count: 4, contextTokens: 0)
    #expect(m.stepTime(for: small).microseconds == 1000 + 12)
  }
  @Test func rejectsAKneeSlopeWithoutItsKneeAndOverlongBeta() {
    for beta in [[1.0, 2, 3, 4, 5, 6], [1.0, 2, 3, 4, 5, 6, 7, 8]] {
      #expect(throws: BlackboxCoefficientsError.self) {
        try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: beta))
      }
    }
  }
  @Test func shippedCalibratedRowsPredictTheMeasuredSteps() throws {
    // The rows in defaults.yaml (fit + the old 150 µs/step + 4 µs/decode serving CPU overhead) minus
    // that overhead predict the steps within 10 %.
    let defaults = try DefaultsFile.parse(String(contentsOf: TestData.repoRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8))
    let catalog = try TestData.catalog()
    for (file, gpu) in [("h100.jsonl", "H100"), ("h200.jsonl", "H200")] {
      _ = try catalog.spec(named: gpu)
      for model in ["meta-llama/llama-3.1-8b-instruct", "qwen/qwen2.5-7b-instruct"] {
        let c = try #require(defaults.coefficients(model: model, gpu: gpu, tp: 1), "\(model) \(gpu)")
        var beta = c.beta
        beta[0] -= 150; beta[2] -= 4
        let m = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: c.alpha, beta: beta))
        let report = BlackboxFitReport(model: m, samples: try StepBenchFitTests.samples(file: file, model: model))
        for k in report.perKind { #expect(k.mape <= 0.10, "\(model) \(gpu) \(k.kind) \(k.mape)") }
      }
    }
  }
}
