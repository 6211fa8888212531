/// Small, platform-independent 64-bit hash functions (Swift's `Hasher` is randomly seeded per
/// process, so it cannot be used for anything that must be reproducible).
public enum StableHash {
  /// FNV-1a, 64-bit, over the UTF-8 bytes of `text`.
  public static func fnv1a64(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      h ^= UInt64(byte)
      h = h &* 0x0000_0100_0000_01B3
    }
    return h
  }

  /// A strong 64-bit finaliser (the murmur3 / SplitMix64 mixer): bijective, good avalanche.
  @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Combines two 64-bit values into one (order-sensitive).
  @inline(__always)
  public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
    mix(a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019))
  }
}
