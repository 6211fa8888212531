import Testing
@testable import BLISSim

@Test func eventsPopByTimeThenKindThenInsertion() {
  var q = EventQueue()
  q.schedule(.step, at: SimTime(microseconds: 10), instance: 0)
  q.schedule(.arrival, at: SimTime(microseconds: 10))
  q.schedule(.enqueue, at: SimTime(microseconds: 10), instance: 1, slot: 1)
  q.schedule(.enqueue, at: SimTime(microseconds: 10), instance: 2, slot: 2)
  q.schedule(.step, at: SimTime(microseconds: 5), instance: 3)
  var order: [(Int64, EventKind, Int32)] = []
  while let e = q.popFirst(notAfter: .distantFuture) { order.append((e.timeMicros, e.kind, e.instance)) }
  #expect(order.map(\.0) == [5, 10, 10, 10, 10])
  #expect(order.map(\.1) == [.step, .arrival, .enqueue, .enqueue, .step])
  #expect(order[2].2 == 1 && order[3].2 == 2)  // FIFO among equal (time, kind)
}

@Test func popRespectsTheLimit() {
  var q = EventQueue()
  q.schedule(.step, at: SimTime(microseconds: 100))
  #expect(q.popFirst(notAfter: SimTime(microseconds: 99)) == nil)
  #expect(q.popFirst(notAfter: SimTime(microseconds: 100)) != nil)
  #expect(q.isEmpty)
}

/// A handled event overwritten by its handler's first `schedule` (`retireFirst` … `settle`) leaves
/// the queue in the same order as removing it first: random handlers scheduling 0–3 events each.
@Test func retiredRootGivesTheOrderOfRemoveThenSchedule() {
  for seed in UInt64(0)..<50 {
    var rng = SeededGenerator(seed: seed)
    var retiring = EventQueue(), removing = EventQueue()
    for k in 0..<8 {
      let time = SimTime(microseconds: Int64(rng.next() % 20))
      retiring.schedule(.enqueue, at: time, instance: k)
      removing.schedule(.enqueue, at: time, instance: k)
    }
    var handled = 0
    while let a = retiring.first(notAfter: .distantFuture), let b = removing.first(notAfter: .distantFuture) {
      #expect(a == b && a.instance == b.instance && a.slot == b.slot, "seed \(seed), event \(handled)")
      retiring.retireFirst()
      removing.removeFirst()
      if handled < 300 {
        for _ in 0..<Int(rng.next() % 4) {
          let kind: EventKind = [.tokenizerFlush, .enqueue, .output, .step][Int(rng.next() % 4)]
          let time = SimTime(microseconds: a.timeMicros + Int64(rng.next() % 5))
          let instance = Int(rng.next() % 4)
          retiring.schedule(kind, at: time, instance: instance, slot: Int32(handled))
          removing.schedule(kind, at: time, instance: instance, slot: Int32(handled))
        }
      }
      retiring.settle()
      handled += 1
    }
    #expect(retiring.isEmpty && removing.isEmpty, "seed \(seed)")
    #expect(handled > 300, "seed \(seed)")
  }
}
