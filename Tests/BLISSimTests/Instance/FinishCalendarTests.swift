import Testing
@testable import BLISSim

/// The cohort's finish calendar against a sorted list: entries due within its horizon, far beyond
/// it (they wait in the heap and move in later), several per tick in any insertion order, and a
/// clear in the middle. Each tick must yield exactly the entries due then, in admission order.
@Test func finishCalendarYieldsEachTicksEntriesInAdmissionOrder() {
  var calendar = FinishCalendar()
  var reference: [DecodeCohort.Finish] = []
  var rng = SeededGenerator(seed: 11)
  var out = ScratchList<DecodeCohort.Finish>()
  var admission = 0
  var taken = 0
  let horizon = Int64(FinishCalendar.horizonTicks)
  for tick in Int64(1)...Int64(20_000) {
    for _ in 0..<Int(rng.next() % 3) {
      // Mostly within the horizon, sometimes several horizons ahead.
      let ahead = rng.next() % 10 == 0 ? 1 + Int64(rng.next() % UInt64(4 * horizon)) : 1 + Int64(rng.next() % UInt64(horizon))
      admission += 1 + Int(rng.next() % 3)
      let entry = DecodeCohort.Finish(tick: tick - 1 + ahead, admission: admission, slot: Int32(admission % 500))
      calendar.insert(entry, now: tick - 1)
      reference.append(entry)
    }
    if tick == 9_000 {
      calendar.removeAll()
      reference.removeAll()
    }
    calendar.takeDue(tick: tick, into: &out)
    let due = reference.filter { $0.tick == tick }.sorted()
    reference.removeAll { $0.tick == tick }
    #expect(out.map(\.admission) == due.map(\.admission), "tick \(tick)")
    #expect(out.allSatisfy { $0.tick == tick })
    taken += out.count
  }
  #expect(taken > 10_000)
}

/// Entries inserted in any admission order (the engine inserts in order, but the calendar does not
/// rely on it) still come out of each tick in admission order, from the buckets and the heap.
@Test func finishCalendarOrdersEntriesInsertedOutOfAdmissionOrder() {
  var calendar = FinishCalendar()
  var rng = SeededGenerator(seed: 5)
  var out = ScratchList<DecodeCohort.Finish>()
  let horizon = Int64(FinishCalendar.horizonTicks)
  var shuffledTicks = 0
  for tick in Int64(1)...Int64(3_000) {
    let count = Int(rng.next() % 6)
    let admissions = (0..<count).map { _ in Int(rng.next() % 1_000_000) }
    let target = tick + (rng.next() % 4 == 0 ? horizon + Int64(rng.next() % 50) : 1 + Int64(rng.next() % 20))
    for a in admissions { calendar.insert(DecodeCohort.Finish(tick: target, admission: a, slot: 0), now: tick - 1) }
    calendar.takeDue(tick: tick, into: &out)
    let admitted = out.map(\.admission)
    #expect(admitted == admitted.sorted(), "tick \(tick)")
    if Set(admitted).count > 1 { shuffledTicks += 1 }
  }
  #expect(shuffledTicks > 500)
}
