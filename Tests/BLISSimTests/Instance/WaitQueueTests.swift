import Testing
@testable import BLISSim

private func fresh(_ id: Int) -> QueuedRequest {
  QueuedRequest(id: id, arrival: SimTime(microseconds: Int64(id)), enqueuedAt: SimTime(microseconds: Int64(id)),
                promptSeed: UInt64(id), promptTokens: 8, outputTokens: 8, prefixGroup: -1, prefixTokens: 0)
}

/// Preempted slots as negative ids (−1 − slot), never-run requests as their ids.
private func order(_ queue: WaitQueue) -> [Int] { queue.map { $0.id } }

@Test func waitQueuePutsPreemptedRequestsFirstLatestFirstAndNeverRunOnesInEnqueueOrder() {
  var queue = WaitQueue()
  queue.append(fresh(10))
  queue.append(fresh(11))
  queue.prepend(preemptedSlot: 3)
  queue.append(fresh(12))
  queue.prepend(preemptedSlot: 5)
  #expect(queue.count == 5)
  #expect(order(queue) == [-6, -4, 10, 11, 12])
  #expect(queue.first?.preemptedSlot == 5)
  queue.removeFirst()
  queue.removeFirst()
  #expect(queue.first?.preemptedSlot == nil && queue.first?.id == 10)
  queue.removeFirst()
  queue.prepend(preemptedSlot: 7)
  #expect(order(queue) == [-8, 11, 12])
  queue.removeFirst(); queue.removeFirst(); queue.removeFirst()
  #expect(queue.isEmpty && queue.first == nil)
}

/// Random appends, prepends and removals with a tiny plain part, so requests move between the
/// plain and the packed parts many times: the order must stay the one a plain deque keeps.
@Test(arguments: [0, 1, 3])
func waitQueueKeepsItsOrderAcrossThePlainAndPackedParts(plainLimit: Int) {
  var queue = WaitQueue(plainLimit: plainLimit)
  var reference: [Int] = []
  var rng = SeededGenerator(seed: UInt64(41 + plainLimit))
  var nextID = 0
  for _ in 0..<4_000 {
    switch rng.next() % 8 {
    case 0...3:
      queue.append(fresh(nextID))
      reference.append(nextID)
      nextID += 1
    case 4:
      let slot = Int32(rng.next() % 50)
      queue.prepend(preemptedSlot: slot)
      reference.insert(-1 - Int(slot), at: 0)
    default:
      guard !reference.isEmpty else { continue }
      #expect(queue.first?.id == reference.first)
      queue.removeFirst()
      reference.removeFirst()
    }
    #expect(queue.count == reference.count)
  }
  #expect(order(queue) == reference)
}
