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
    #expect(model.cpuOverheads.queueingDelay(inputTokens: 50).microseconds == 150)
    #expect(model.cpuOverheads.outputTokenProcessing.microseconds == 100)
    #expect(model.cpuOverheads.schedulingDelay(requests: 10) == .zero)
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
