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
      // Mostly near, sometimes several horizons ahead; admissions shuffled within a tick's joins.
      let ahead = rng.next() % 10 == 0 ? 1 + Int64(rng.next() % UInt64(4 * horizon)) : 1 + Int64(rng.next() % 600)
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
