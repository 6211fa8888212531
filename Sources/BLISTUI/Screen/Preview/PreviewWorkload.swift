// PREVIEW ONLY — workload presets (prompt/output Gaussian mean/sd/min/max, as in defaults.yaml)
// and a seeded generator for the fake engine.
import Foundation

struct PreviewLengthDistribution: Sendable {
  var mean: Double, deviation: Double, minimum: Int, maximum: Int

  func draw(_ rng: inout PreviewRandom) -> Int {
    let u1 = max(1e-12, rng.nextUnit()), u2 = rng.nextUnit()
    let gaussian = sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    return min(maximum, max(minimum, Int((mean + deviation * gaussian).rounded())))
  }
}

enum PreviewWorkload {
  static func shape(_ name: String) -> (prompt: PreviewLengthDistribution, output: PreviewLengthDistribution) {
    switch name {
    case "chatbot": (.init(mean: 256, deviation: 100, minimum: 2, maximum: 800), .init(mean: 256, deviation: 100, minimum: 1, maximum: 1024))
    case "contentgen": (.init(mean: 1024, deviation: 150, minimum: 10, maximum: 2048), .init(mean: 1024, deviation: 200, minimum: 10, maximum: 2048))
    case "summarization": (.init(mean: 4096, deviation: 500, minimum: 100, maximum: 8192), .init(mean: 512, deviation: 150, minimum: 10, maximum: 2048))
    case "multidoc": (.init(mean: 10240, deviation: 1200, minimum: 500, maximum: 20480), .init(mean: 1536, deviation: 300, minimum: 50, maximum: 4096))
    default: (.init(mean: 512, deviation: 256, minimum: 2, maximum: 7000), .init(mean: 512, deviation: 256, minimum: 2, maximum: 7000))
    }
  }
}

/// SplitMix64: a tiny seeded generator.
struct PreviewRandom: Sendable {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1).
  mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
