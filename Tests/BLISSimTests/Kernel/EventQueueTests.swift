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

/// The queue's order is (time, kind, insertion) over the whole time range, extremes and negative
/// times included (its comparison packs time and order into one unsigned key).
@Test func eventsPopInTimeKindInsertionOrderOverTheWholeTimeRange() {
  var rng = SeededGenerator(seed: 3)
  let times: [Int64] = [.min, .min + 1, -1_000_000, -1, 0, 1, 7, 1_000_000, .max - 1, .max]
  let kinds: [EventKind] = [.arrival, .admission, .routing, .tokenizerFlush, .enqueue, .output, .step]
  var q = EventQueue()
  var reference: [(time: Int64, kind: UInt8, sequence: Int, id: Int32)] = []
  var popped: [Int32] = []
  for id in Int32(0)..<Int32(5_000) {
    let time = rng.next() % 3 == 0 ? times[Int(rng.next() % UInt64(times.count))] : Int64(rng.next() % 50)
    let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
    q.schedule(kind, at: SimTime(microseconds: time), instance: 0, slot: id)
    reference.append((time, kind.rawValue, Int(id), id))
    if rng.next() % 4 == 0, let e = q.popFirst(notAfter: SimTime(microseconds: .max)) {
      // Each pop is the smallest pending event.
      let smallest = reference.min { ($0.time, $0.kind, $0.sequence) < ($1.time, $1.kind, $1.sequence) }
      #expect(e.slot == smallest?.id)
      popped.append(e.slot)
      reference.removeAll { $0.id == e.slot }
    }
  }
  // What is left pops in sorted order.
  reference.sort { ($0.time, $0.kind, $0.sequence) < ($1.time, $1.kind, $1.sequence) }
  var rest: [Int32] = []
  while let e = q.popFirst(notAfter: SimTime(microseconds: .max)) { rest.append(e.slot) }
  #expect(rest == reference.map(\.id))
  #expect(popped.count + rest.count == 5_000)
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
