import Testing
@testable import BLISSim

@Test func streamsAreReproducibleAndIndependent() {
  let streams = RandomStreams(masterSeed: 42)
  var a1 = streams.generator(named: "arrivals")
  var a2 = streams.generator(named: "arrivals")
  var r = streams.generator(named: "router")
  let x = (0..<8).map { _ in a1.next() }
  #expect(x == (0..<8).map { _ in a2.next() })
  #expect(x != (0..<8).map { _ in r.next() })
  var other = RandomStreams(masterSeed: 43).generator(named: "arrivals")
  #expect(x != (0..<8).map { _ in other.next() })
}

@Test func fnv1aMatchesKnownVectors() {
  #expect(StableHash.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
  #expect(StableHash.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
}

@Test func distributionMomentsAreRight() {
  var g = SeededGenerator(seed: 1)
  let n = 200_000
  var sumE = 0.0, sumN = 0.0, sumN2 = 0.0, sumG = 0.0, sumG2 = 0.0
  for _ in 0..<n {
    sumE += g.nextExponential()
    let z = g.nextStandardNormal(); sumN += z; sumN2 += z * z
    let y = g.nextGamma(shape: 0.25); sumG += y; sumG2 += y * y
  }
  let d = Double(n)
  #expect(abs(sumE / d - 1) < 0.01)
  #expect(abs(sumN / d) < 0.01)
  #expect(abs(sumN2 / d - 1) < 0.01)
  #expect(abs(sumG / d - 0.25) < 0.01)  // Gamma(k, 1): mean k, variance k
  #expect(abs((sumG2 / d - (sumG / d) * (sumG / d)) - 0.25) < 0.02)
}
