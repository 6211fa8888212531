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

  /// The inverse of `mix`: `unmix(mix(x)) == x` for every `x` (each step of `mix` is a bijection
  /// — a shift-xor or a multiplication by an odd constant — undone here in reverse order).
  @inline(__always)
  public static func unmix(_ x: UInt64) -> UInt64 {
    var z = x
    z ^= (z >> 31) ^ (z >> 62)
    z = z &* 0x3196_42B2_D24D_8EC3  // 0x94D0_49BB_1331_11EB⁻¹ mod 2⁶⁴
    z ^= (z >> 27) ^ (z >> 54)
    z = z &* 0x96DE_1B17_3F11_9089  // 0xBF58_476D_1CE4_E5B9⁻¹ mod 2⁶⁴
    return z ^ (z >> 30) ^ (z >> 60)
  }

  /// Combines two 64-bit values into one (order-sensitive).
  @inline(__always)
  public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
    combine(premixed: a &* 0x9E37_79B9_7F4A_7C15, b)
  }

  /// `combine` with its first operand already multiplied in: `combine(a, b) ==
  /// combine(premixed: a &* 0x9E37_79B9_7F4A_7C15, b)`.
  @inline(__always)
  public static func combine(premixed key: UInt64, _ b: UInt64) -> UInt64 {
    mix(key ^ (b &+ 0x632B_E59B_D9B4_E019))
  }

  /// The one `key` with `combine(premixed: key, b) == hash` (it exists for every pair: `mix` is a
  /// bijection). Hashes `combine(salt, b)` of the same salt share their key whatever `b` is.
  @inline(__always)
  public static func premixedKey(of hash: UInt64, _ b: UInt64) -> UInt64 {
    unmix(hash) ^ (b &+ 0x632B_E59B_D9B4_E019)
  }
}
