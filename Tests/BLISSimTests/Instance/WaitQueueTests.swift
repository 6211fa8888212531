import Testing
@testable import BLISSim

private func fresh(_ id: Int) -> QueuedRequest {
  QueuedRequest(id: id, arrival: SimTime(microseconds: Int64(id)), enqueuedAt: SimTime(microseconds: Int64(id)),
                promptSeed: UInt64(id), promptTokens: 8, outputTokens: 8, prefixGroup: -1, prefixTokens: 0)
}

/// Preempted slots as −1 − slot, held slots as 1,000 + slot, packed requests as their ids.
private func key(_ entry: WaitQueue.Entry) -> Int {
  switch entry {
  case .preempted(let s): -1 - Int(s)
  case .held(let s): 1_000 + Int(s)
  case .packed(let q): q.id
  }
}

private func order(_ queue: WaitQueue) -> [Int] { queue.map(key) }

/// A never-run request keeps its slot while the queue can hold it, else it is queued by value.
private func enqueueNeverRun(_ queue: inout WaitQueue, slot: Int32, id: Int) -> Int {
  if queue.canHoldSlot {
    queue.append(heldSlot: slot)
    return 1_000 + Int(slot)
  }
  queue.append(fresh(id))
  return id
}

@Test func waitQueuePutsPreemptedRequestsFirstLatestFirstAndNeverRunOnesInEnqueueOrder() {
  var queue = WaitQueue(heldLimit: 2)
  queue.append(heldSlot: 10)
  queue.append(heldSlot: 11)
  queue.prepend(preemptedSlot: 3)
  #expect(!queue.canHoldSlot)  // the held part is full: the next never-run request goes by value
  queue.append(fresh(12))
  queue.prepend(preemptedSlot: 5)
  #expect(queue.count == 5)
  #expect(order(queue) == [-6, -4, 1_010, 1_011, 12])
  #expect(queue.first == .preempted(slot: 5))
  queue.removeFirst()
  queue.removeFirst()
  #expect(queue.first == .held(slot: 10))
  queue.removeFirst()
  // A held slot freed up, but a request is packed: a new one must queue behind it, by value.
  #expect(!queue.canHoldSlot)
  queue.prepend(preemptedSlot: 7)
  #expect(order(queue) == [-8, 1_011, 12])
  queue.removeFirst(); queue.removeFirst(); queue.removeFirst()
  #expect(queue.isEmpty && queue.first == nil && queue.canHoldSlot)
}

/// Random appends, prepends and removals with a tiny held part, so never-run requests go from
/// held slots to packed values and back many times: the order must stay the one a plain deque keeps.
@Test(arguments: [0, 1, 3])
func waitQueueKeepsItsOrderAcrossTheHeldAndPackedParts(heldLimit: Int) {
  var queue = WaitQueue(heldLimit: heldLimit)
  var reference: [Int] = []
  var rng = SeededGenerator(seed: UInt64(41 + heldLimit))
  var nextID = 0
  var packedSeen = false
  for _ in 0..<4_000 {
    switch rng.next() % 8 {
    case 0...3:
      let k = enqueueNeverRun(&queue, slot: Int32(nextID % 500), id: nextID)
      if k < 1_000 { packedSeen = true }
      reference.append(k)
      nextID += 1
    case 4:
      let slot = Int32(rng.next() % 50)
      queue.prepend(preemptedSlot: slot)
      reference.insert(-1 - Int(slot), at: 0)
    default:
      guard !reference.isEmpty else { continue }
      #expect(queue.first.map(key) == reference.first)
      queue.removeFirst()
      reference.removeFirst()
    }
    #expect(queue.count == reference.count)
  }
  #expect(order(queue) == reference)
  #expect(packedSeen)
}
