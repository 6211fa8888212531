/// The clients of a closed-loop workload (`ClosedLoop`): how many requests are in flight, and the
/// requests already sent (their arrival events pending), by event slot.
struct ClientPool: Sendable {
  let loop: ClosedLoop
  /// Clients stop sending at this time (`ClosedLoop.durationSeconds`).
  let stopSendingAt: SimTime
  var inFlight = 0
  /// The generator has no more requests (or the duration is over): clients only finish.
  var exhausted = false
  private var thinkStream: SeededGenerator
  private var sent: [WorkloadRequest?] = []
  private var freeSlots: [Int32] = []

  init(loop: ClosedLoop, seed: UInt64) {
    self.loop = loop
    stopSendingAt = loop.durationSeconds.map { SimTime(seconds: $0) } ?? .distantFuture
    thinkStream = RandomStreams(masterSeed: seed).generator(named: "think")
  }

  /// Keeps `request` until its arrival event; returns the event slot.
  mutating func hold(_ request: WorkloadRequest) -> Int32 {
    inFlight += 1
    if let s = freeSlots.popLast() {
      sent[Int(s)] = request
      return s
    }
    sent.append(request)
    return Int32(sent.count - 1)
  }

  /// The request held at `slot`, released for its arrival.
  mutating func take(_ slot: Int32) -> WorkloadRequest? {
    guard slot >= 0, Int(slot) < sent.count, let r = sent[Int(slot)] else { return nil }
    sent[Int(slot)] = nil
    freeSlots.append(slot)
    return r
  }

  /// One think time, drawn from the `think` stream.
  mutating func thinkTime() -> SimDuration {
    switch loop.thinkTime {
    case .none: return .zero
    case .constant(let ms): return SimDuration(truncatingMicroseconds: ms * 1e3)
    case .exponential(let ms): return SimDuration(truncatingMicroseconds: thinkStream.nextExponential() * ms * 1e3)
    }
  }
}

extension Simulation {
  /// A client that became free at `ready` sends the workload's next request, at max(its planned
  /// arrival, `ready`).
  mutating func sendNext(readyAt ready: SimTime) {
    guard var pool = clients, !pool.exhausted else { return }
    defer { clients = pool }
    guard var request = generator.next() else { pool.exhausted = true; return }
    let send = max(request.arrival, ready)
    guard send < pool.stopSendingAt else { pool.exhausted = true; return }
    request.arrival = send
    let slot = pool.hold(request)
    queue.schedule(.arrival, at: send + inboundNetwork, slot: slot)
  }

  /// A request left the system (`record`): its client receives the end of the stream, thinks, and
  /// sends the next request.
  mutating func clientFinished(_ record: RequestRecord) {
    guard clients != nil else { return }
    clients?.inFlight -= 1
    let arrival = SimTime(microseconds: Int64((record.arrivalSeconds * 1e6).rounded()))
    let received = record.outcome == .completed ? max(clock, SimTime(microseconds: arrival.microseconds + record.e2eMicros)) : clock
    let think = clients?.thinkTime() ?? .zero
    sendNext(readyAt: received + think)
  }
}
