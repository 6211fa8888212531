/// The byte encoding of a never-run `QueuedRequest` relative to the one queued before it (see
/// `PackedRequestQueue`): typically 6 to 12 bytes instead of 48.
///
/// An entry is a flags byte, then LEB128 varints of zig-zag values, then the fields that changed:
///
///     flags · Δid · Δarrival · (enqueuedAt − arrival) · [promptSeed, 8 bytes] · [prompt] · [output] · [group] · [prefix]
///
/// Δ is against the previous entry (wrapping, so any values round-trip). A flag bit marks each
/// length field equal to the previous entry's (it is then absent); the seed bit marks a prompt seed
/// that follows the previous entry's rule. Workloads derive a unique prompt's seed as
/// `StableHash.combine(salt, id)` with one salt per run, so its `premixedKey(of: seed, id)` is the
/// same for every request: an entry whose key equals the previous entry's stores no seed (the
/// decoder computes `combine(premixed: key, id)`); any other seed is stored whole, so it still
/// round-trips exactly.
enum PackedRequestCoding {
  /// Bytes one entry takes at most: flags, three 10-byte varints, the seed, four 5-byte varints.
  static let maxEntryBytes = 1 + 3 * 10 + 8 + 4 * 5
  /// Never a flags byte (those use the low 5 bits): marks the unused end of a chunk.
  static let chunkEnd: UInt8 = 0xFF

  private static let samePrompt: UInt8 = 1 << 0
  private static let sameOutput: UInt8 = 1 << 1
  private static let sameGroup: UInt8 = 1 << 2
  private static let samePrefix: UInt8 = 1 << 3
  private static let seedFollowsKey: UInt8 = 1 << 4

  /// The seed rule's key of `q` (equal for every request whose seed is `combine(salt, id)`, one salt).
  @inline(__always)
  static func seedKey(of q: QueuedRequest) -> UInt64 {
    StableHash.premixedKey(of: q.promptSeed, UInt64(bitPattern: Int64(q.id)))
  }

  /// Writes `q` (its seed key `key`) after `prev` (key `prevKey`) at `offset`, which advances.
  /// `bytes` has at least `maxEntryBytes` from `offset`.
  @inline(__always)
  static func encode(_ q: QueuedRequest, key: UInt64, after prev: QueuedRequest, prevKey: UInt64,
                     into bytes: UnsafeMutableBufferPointer<UInt8>, at offset: inout Int) {
    var flags: UInt8 = 0
    if q.promptTokens == prev.promptTokens { flags |= samePrompt }
    if q.outputTokens == prev.outputTokens { flags |= sameOutput }
    if q.prefixGroup == prev.prefixGroup { flags |= sameGroup }
    if q.prefixTokens == prev.prefixTokens { flags |= samePrefix }
    if key == prevKey { flags |= seedFollowsKey }
    bytes[offset] = flags
    offset += 1
    writeVarint(Int64(q.id) &- Int64(prev.id), bytes, &offset)
    writeVarint(q.arrival.microseconds &- prev.arrival.microseconds, bytes, &offset)
    writeVarint(q.enqueuedAt.microseconds &- q.arrival.microseconds, bytes, &offset)
    if flags & seedFollowsKey == 0 {
      var seed = q.promptSeed
      for _ in 0..<8 {
        bytes[offset] = UInt8(truncatingIfNeeded: seed)
        seed >>= 8
        offset += 1
      }
    }
    if flags & samePrompt == 0 { writeVarint(Int64(q.promptTokens), bytes, &offset) }
    if flags & sameOutput == 0 { writeVarint(Int64(q.outputTokens), bytes, &offset) }
    if flags & sameGroup == 0 { writeVarint(Int64(q.prefixGroup), bytes, &offset) }
    if flags & samePrefix == 0 { writeVarint(Int64(q.prefixTokens), bytes, &offset) }
  }

  /// Reads the entry at `offset` (which advances) written after `prev` (key `prevKey`); returns it
  /// and its seed key.
  @inline(__always)
  static func decode(from bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int, after prev: QueuedRequest,
                     prevKey: UInt64) -> (request: QueuedRequest, key: UInt64) {
    let flags = bytes[offset]
    offset += 1
    var q = prev
    q.id = Int(Int64(prev.id) &+ readVarint(bytes, &offset))
    q.arrival = SimTime(microseconds: prev.arrival.microseconds &+ readVarint(bytes, &offset))
    q.enqueuedAt = SimTime(microseconds: q.arrival.microseconds &+ readVarint(bytes, &offset))
    let key: UInt64
    if flags & seedFollowsKey != 0 {
      key = prevKey
      q.promptSeed = StableHash.combine(premixed: key, UInt64(bitPattern: Int64(q.id)))
    } else {
      var seed: UInt64 = 0
      for i in 0..<8 { seed |= UInt64(bytes[offset + i]) << (8 * i) }
      offset += 8
      q.promptSeed = seed
      key = seedKey(of: q)
    }
    if flags & samePrompt == 0 { q.promptTokens = Int32(truncatingIfNeeded: readVarint(bytes, &offset)) }
    if flags & sameOutput == 0 { q.outputTokens = Int32(truncatingIfNeeded: readVarint(bytes, &offset)) }
    if flags & sameGroup == 0 { q.prefixGroup = Int32(truncatingIfNeeded: readVarint(bytes, &offset)) }
    if flags & samePrefix == 0 { q.prefixTokens = Int32(truncatingIfNeeded: readVarint(bytes, &offset)) }
    return (q, key)
  }

  /// Zig-zag (small magnitudes of either sign are small) then LEB128 (7 bits a byte, low first).
  @inline(__always)
  private static func writeVarint(_ value: Int64, _ bytes: UnsafeMutableBufferPointer<UInt8>, _ offset: inout Int) {
    var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    while v >= 0x80 {
      bytes[offset] = UInt8(truncatingIfNeeded: v) | 0x80
      v >>= 7
      offset += 1
    }
    bytes[offset] = UInt8(v)
    offset += 1
  }

  @inline(__always)
  private static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: inout Int) -> Int64 {
    var v: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let b = bytes[offset]
      offset += 1
      v |= UInt64(b & 0x7F) << shift
      if b < 0x80 { break }
      shift += 7
    }
    return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
  }
}
