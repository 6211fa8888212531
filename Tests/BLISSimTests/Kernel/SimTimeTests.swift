import Testing
@testable import BLISSim

@Test func timePlusDurationIsTime() {
  let t = SimTime(microseconds: 100) + SimDuration(microseconds: 50)
  #expect(t == SimTime(microseconds: 150))
  #expect(t - SimTime(microseconds: 20) == SimDuration(microseconds: 130))
}

@Test func overheadsTruncateLikeTheReference() {
  let o = CPUOverheads(arrivalBaseMicros: 100, arrivalPerInputTokenMicros: 1, outputTokenMicros: 100.9)
  #expect(o.queueingDelay(inputTokens: 50) == SimDuration(microseconds: 150))
  #expect(o.outputTokenProcessing == SimDuration(microseconds: 100))
}
