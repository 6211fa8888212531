extension Simulation {
  /// Requests in the instances' wait queues that have never run and arrived before `cutoff`
  /// (their first token, and their end, are later than `clock − cutoff` after arrival). One pass
  /// over the queues; preempted requests (which may have their first token) are not counted.
  func neverRunWaiting(arrivedBefore cutoff: SimTime) -> Int {
    var n = 0
    for inst in instances { n += inst.neverRunWaiting(arrivedBefore: cutoff) }
    return n
  }
}
