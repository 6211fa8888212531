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
