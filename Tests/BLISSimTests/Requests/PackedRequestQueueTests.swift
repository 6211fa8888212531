import DequeModule
import Testing
@testable import BLISSim

private func fields(_ q: QueuedRequest) -> [Int64] {
  [Int64(q.id), q.arrival.microseconds, q.enqueuedAt.microseconds, Int64(bitPattern: q.promptSeed),
   Int64(q.promptTokens), Int64(q.outputTokens), Int64(q.prefixGroup), Int64(q.prefixTokens)]
}

private let extremes64: [Int64] = [.min, .min + 1, -1, 0, 1, 63, 64, -64, -65, .max - 1, .max]
private let extremes32: [Int32] = [.min, .min + 1, -1, 0, 1, 127, 128, .max]

/// Requests whose fields are, at random, extreme, arbitrary, close to the previous one's, equal to
/// it, or (for the seed) `combine(salt, id)` of one of two salts.
private struct RequestSource {
  var rng: SeededGenerator
  var previous = QueuedRequest(id: 0, arrival: .zero, enqueuedAt: .zero, promptSeed: 0, promptTokens: 0,
                               outputTokens: 0, prefixGroup: 0, prefixTokens: 0)

  /// An extreme value, an arbitrary one, one within `spread` of `value`, or `value` itself.
  mutating func value<T: FixedWidthInteger & SignedInteger>(near value: T, extremes: [T], spread: UInt64) -> T {
    switch rng.next() % 4 {
    case 0: return extremes[Int(rng.next() % UInt64(extremes.count))]
    case 1: return T(truncatingIfNeeded: rng.next())
    case 2: return value &+ T(truncatingIfNeeded: Int64(rng.next() % (2 * spread + 1)) - Int64(spread))
    default: return value
    }
  }

  mutating func int64(near v: Int64) -> Int64 { value(near: v, extremes: extremes64, spread: 100_000) }
  mutating func int32(near v: Int32) -> Int32 { value(near: v, extremes: extremes32, spread: 1_000) }

  mutating func next() -> QueuedRequest {
    var q = previous
    q.id = Int(int64(near: Int64(previous.id) &+ 1))
    q.arrival = SimTime(microseconds: int64(near: previous.arrival.microseconds))
    q.enqueuedAt = SimTime(microseconds: int64(near: q.arrival.microseconds))
    switch rng.next() % 4 {
    case 0: q.promptSeed = rng.next()
    case 1: q.promptSeed = StableHash.combine(0x5EED, UInt64(bitPattern: Int64(q.id)))
    case 2: q.promptSeed = StableHash.combine(0x7472_6163_65, UInt64(bitPattern: Int64(q.id)))
    default: break
    }
    q.promptTokens = int32(near: previous.promptTokens)
    q.outputTokens = int32(near: previous.outputTokens)
    q.prefixGroup = int32(near: previous.prefixGroup)
    q.prefixTokens = int32(near: previous.prefixTokens)
    previous = q
    return q
  }
}

@Test func unmixInvertsMixAndPremixedKeysRecoverTheSalt() {
  var rng = SeededGenerator(seed: 7)
  let samples = extremes64.map { UInt64(bitPattern: $0) } + (0..<10_000).map { _ in rng.next() }
  for x in samples {
    #expect(StableHash.unmix(StableHash.mix(x)) == x)
    let b = rng.next()
    #expect(StableHash.combine(premixed: StableHash.premixedKey(of: x, b), b) == x)
  }
  // Seeds of one salt share their key, whatever the id; another salt's differ.
  let key = StableHash.premixedKey(of: StableHash.combine(42, 0), 0)
  for id: UInt64 in [1, 2, 1000, .max] {
    #expect(StableHash.premixedKey(of: StableHash.combine(42, id), id) == key)
    #expect(StableHash.premixedKey(of: StableHash.combine(43, id), id) != key)
  }
}

@Test(arguments: 0..<40)
func packedQueueRoundTripsAnyValuesInOrder(seed: UInt64) {
  var source = RequestSource(rng: SeededGenerator(seed: seed))
  var ops = SeededGenerator(seed: seed ^ 0xABCD)
  var queue = PackedRequestQueue()
  var reference = Deque<QueuedRequest>()
  for step in 0..<3_000 {
    // Long runs of appends then of removals: the queue fills several chunks and drains to empty.
    let appending = (step / 500) % 2 == 0 ? ops.next() % 4 != 0 : ops.next() % 4 == 0
    if appending || reference.isEmpty {
      let q = source.next()
      queue.append(q)
      reference.append(q)
    } else {
      queue.removeFirst()
      reference.removeFirst()
    }
    #expect(queue.count == reference.count)
    #expect(queue.first.map(fields) == reference.first.map(fields))
    if step % 97 == 0 { #expect(queue.map(fields) == reference.map(fields)) }
  }
  while let expected = reference.popFirst() {
    #expect(queue.first.map(fields) == fields(expected))
    queue.removeFirst()
  }
  #expect(queue.isEmpty && queue.first == nil && Array(queue).isEmpty)
}

@Test func packedQueueStoresAWorkloadsRequestsInAFewBytesAndFreesChunksAsItDrains() {
  // Synthetic unique prompts, 4 instances round-robin at ~100 req/s: ids 4 apart, ~40 ms gaps.
  var rng = SeededGenerator(seed: 3)
  var queue = PackedRequestQueue()
  var arrival: Int64 = 0
  let n = 200_000
  for k in 0..<n {
    let id = 4 * k + 1
    arrival += Int64(rng.next() % 80_000)
    queue.append(QueuedRequest(id: id, arrival: SimTime(microseconds: arrival),
                               enqueuedAt: SimTime(microseconds: arrival + 3_000 + Int64(rng.next() % 1_000)),
                               promptSeed: StableHash.combine(42 ^ 0x0051_4E49_5155, UInt64(id)),
                               promptTokens: 256, outputTokens: Int32(1 + rng.next() % 512), prefixGroup: -1,
                               prefixTokens: 0))
  }
  // flags 1 + Δid 1 + Δarrival ≤ 3 + queueing delay 2 + output tokens ≤ 2 = at most 9 bytes.
  #expect(queue.chunkStorageBytes <= n * 9 + 2 * PackedRequestQueue.chunkBytes)
  #expect(queue.chunkStorageBytes >= n * 5)
  for _ in 0..<(n - 10) { queue.removeFirst() }
  #expect(queue.chunkStorageBytes <= 3 * PackedRequestQueue.chunkBytes)
  #expect(queue.first?.id == 4 * (n - 10) + 1)
}
