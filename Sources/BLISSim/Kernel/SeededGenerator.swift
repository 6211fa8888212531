/// A seeded pseudo-random generator (xoshiro256**, state filled by SplitMix64).
///
/// Deterministic across platforms: the same seed yields the same sequence. Never shared between
/// subsystems; `RandomStreams` hands out one independent generator per named stream.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  public init(seed: UInt64) {
    var sm = seed
    s0 = SeededGenerator.splitMix(&sm)
    s1 = SeededGenerator.splitMix(&sm)
    s2 = SeededGenerator.splitMix(&sm)
    s3 = SeededGenerator.splitMix(&sm)
  }

  @inline(__always)
  static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }
}

/// Named, independently seeded random streams derived from one master seed.
///
/// Stream seed = `masterSeed XOR FNV-1a-64(name)` (the reference's `PartitionedRNG` rule), so adding a
/// new consumer of randomness never shifts the draws of existing ones.
public struct RandomStreams: Sendable, Hashable {
  public let masterSeed: UInt64
  public init(masterSeed: UInt64) { self.masterSeed = masterSeed }

  /// The generator for the subsystem `name` (e.g. "arrivals", "router").
  public func generator(named name: String) -> SeededGenerator {
    SeededGenerator(seed: masterSeed ^ StableHash.fnv1a64(name))
  }
}
