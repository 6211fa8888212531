import Testing
@testable import BLISSim

@Test func timePlusDurationIsTime() {
  let t = SimTime(microseconds: 100) + SimDuration(microseconds: 50)
  #expect(t == SimTime(microseconds: 150))
  #expect(t - SimTime(microseconds: 20) == SimDuration(microseconds: 130))
}

@Test func truncatingConversionDropsTheFraction() {
  #expect(SimDuration(truncatingMicroseconds: 150.9) == SimDuration(microseconds: 150))
  #expect(SimDuration(truncatingMicroseconds: .nan) == .zero)
}
