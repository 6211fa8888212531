@testable import BLISSim

/// Read-only views of an instance's internals for tests, with the decode cohort's implicit
/// counters resolved.
extension Instance {
  /// Slots of the running batch in order: cohort members, then the explicit requests.
  var runningSlots: [Int32] {
    var out: [Int32] = []
    var s = cohort.head
    while s >= 0 {
      out.append(s)
      s = slots[Int(s)].cohort.next
    }
    return out + running
  }

  var isCohortMember: (Int) -> Bool {
    { s in
      var m = cohort.head
      while m >= 0 { if Int(m) == s { return true }; m = slots[Int(m)].cohort.next }
      return false
    }
  }

  /// Ids of the waiting requests, in queue order.
  var waitingIDs: [Int] {
    waiting.map { entry in
      switch entry {
      case .preempted(let s), .held(let s): slots[Int(s)].id
      case .packed(let q): q.id
      }
    }
  }

  /// The slot of the wait queue's head when it is a preempted request.
  var preemptedHead: Int32? {
    if case .preempted(let s) = waiting.first { return s }
    return nil
  }

  /// A running request's progress, cohort counters resolved.
  func resolvedProgress(_ s: Int) -> RequestProgress {
    guard isCohortMember(s) else { return progress[s] }
    var p = progress[s]
    let ticks = Int32(truncatingIfNeeded: cohort.tick - slots[s].cohort.joinTick)
    p.computedTokens = slots[s].cohort.computedAtJoin + ticks
    p.emittedTokens = slots[s].cohort.emittedAtJoin + ticks
    return p
  }

  /// Anonymous KV blocks a running request holds (cohort members: one block per started block
  /// of their computed tokens, minus the identified ones).
  func anonymousBlockCount(_ s: Int) -> Int {
    guard isCohortMember(s) else { return Int(slots[s].anonymousBlocks) }
    let bs = blockSize.tokens
    return (Int(resolvedProgress(s).computedTokens) + bs - 1) / bs - slots[s].identifiedBlocks.count
  }
}
