import DequeModule

/// A discrete-event simulation of a cluster of vLLM-style instances behind a router.
///
/// Reading guide: `EngineConfiguration` (what is simulated) → `WorkloadGenerator` (requests, streamed)
/// → this type's event loop (arrival → admission → routing → enqueue → steps) → `Instance`
/// (wait queue, running batch; `Instance+BatchFormation` is the vLLM-v1 scheduler,
/// `Instance+Step` prices and executes a step) → `KVCache` (blocks, prefix cache, LRU) →
/// `InstanceMetrics` / `Simulation+Report` (histograms → `RunReport`).
///
/// A value: build it, then either `run()` to the end, or `advance(until:)` in slices of
/// simulated time and draw the returned `SimulationSnapshot`s (cancel by not calling `advance`
/// again). Requests leave the system through an optional `RequestRecordSink`; the engine keeps
/// only what the summary needs, so memory does not grow with the number of requests.
///
/// Event order is total and deterministic: (time, kind, insertion sequence), with kinds
/// arrival < enqueue < step (see `EventKind`). Same configuration, model and workload ⇒ the
/// same report, byte for byte.
public struct Simulation: Sendable {
  public let configuration: EngineConfiguration
  public let workload: Workload
  let latencyModel: any LatencyModel
  /// The step-time model, memoised per token count (`StepTimeCache`).
  var stepTimes: StepTimeCache
  /// Client → server half of the network round trip (added before the gateway).
  let inboundNetwork: SimDuration
  let horizon: SimTime

  var instances: [Instance]
  var queue = EventQueue()
  var generator: WorkloadGenerator
  /// The next arrival of an open-loop workload, and when it reaches the gateway. It is kept out of
  /// the event queue (one insertion and removal less per request): an arrival sorts before every
  /// other kind at the same time, and an open loop has no other arrival events.
  var pendingArrival: WorkloadRequest?
  var pendingArrivalAt: SimTime?
  /// The clients of a closed-loop workload (nil for an open loop).
  var clients: ClientPool?
  var router: Router
  var admission: AdmissionController
  var instanceSnapshots: [InstanceSnapshot]
  /// When the router's view of instance state was last refreshed.
  var lastSnapshotRefresh: SimTime?
  var hashScratch: [UInt64] = []
  /// Requests waiting for their admission / routing decision (FIFO: the latencies are constant).
  var awaitingAdmission = Deque<WorkloadRequest>()
  var awaitingRouting = Deque<WorkloadRequest>()

  /// Simulated time: the time of the last executed event, or the end of the last `advance` slice.
  public private(set) var clock: SimTime = .zero
  /// Requests taken from the workload so far (admitted or not).
  public private(set) var arrivedRequests = 0
  public private(set) var rejectedByAdmission = 0
  /// KV utilisation per instance, sampled at each `advance`, oldest first.
  var kvHistory: [[Double]]
  static let historyLength = 240

  /// Builds a simulation. Throws `EngineConfigurationError` / `WorkloadError` for bad input.
  public init(configuration: EngineConfiguration, latencyModel: any LatencyModel, workload: Workload) throws {
    let c = try configuration.validated()
    if case .synthetic(let spec) = workload { _ = try spec.validated() }
    self.configuration = c
    self.workload = workload
    self.latencyModel = latencyModel
    stepTimes = StepTimeCache(model: latencyModel)
    inboundNetwork = SimDuration(truncatingMicroseconds: c.serving.frontEnd.networkRoundTripMicros / 2)
    horizon = c.horizon ?? .distantFuture
    instances = (0..<c.instances).map { Instance(index: $0, configuration: c) }
    instanceSnapshots = instances.map(\.snapshot)
    kvHistory = Array(repeating: [], count: c.instances)
    let streams = RandomStreams(masterSeed: c.seed)
    router = Router(policy: c.routing, instances: c.instances, streams: streams)
    admission = AdmissionController(policy: c.admission)
    generator = WorkloadGenerator(workload, seed: workload.seed ?? c.seed)
    if let loop = workload.closedLoop {
      clients = ClientPool(loop: loop, seed: workload.seed ?? c.seed)
      for _ in 0..<loop.clients { sendNext(readyAt: .zero) }
    } else {
      pendingArrival = generator.next()
      pendingArrivalAt = pendingArrival.map { $0.arrival + inboundNetwork }
    }
  }

  /// Convenience for a synthetic workload.
  public init(configuration: EngineConfiguration, latencyModel: any LatencyModel, workload: WorkloadSpec) throws {
    try self.init(configuration: configuration, latencyModel: latencyModel, workload: .synthetic(workload))
  }

  /// Serves the rest of the open-loop workload from `requests`, the exact sequence its generator
  /// produces (kept by a pass over the workload made before the run), instead of generating it a
  /// second time. Only before the run starts, for a run without a horizon (the pass stops there).
  mutating func replayWorkload(_ requests: [WorkloadRequest]) {
    guard clients == nil, arrivedRequests == 0, horizon == .distantFuture, let first = pendingArrival,
          requests.first?.id == first.id else { return }
    generator = WorkloadGenerator(replaying: requests, from: 1)
  }

  /// True when no event remains at or before the horizon.
  public var isFinished: Bool {
    guard let next = nextEventTime else { return true }
    return next > horizon
  }

  /// Time of the earliest pending event (the queue's, or the open loop's next arrival).
  private var nextEventTime: SimTime? {
    guard let arrival = pendingArrivalAt else { return queue.nextTime }
    return min(arrival, queue.nextTime ?? arrival)
  }

  // MARK: Running

  /// Runs to the end (workload exhausted and drained, or the horizon) and returns the report.
  public mutating func run() -> RunReport {
    var sink = DiscardingRecordSink()
    return run(recordingInto: &sink)
  }

  /// Runs to the end, handing every finished request's record to `sink`.
  public mutating func run<Sink: RequestRecordSink>(recordingInto sink: inout Sink) -> RunReport {
    process(until: .distantFuture, sink: &sink)
    return report()
  }

  /// Executes every event up to `time` (inclusive), at most `maxEvents` of them, and returns a
  /// snapshot. When the budget runs out first, the clock stays at the last executed event (so a
  /// UI can bound the wall time of one slice under heavy load).
  public mutating func advance(until time: SimTime, maxEvents: Int = .max) -> SimulationSnapshot {
    var sink = DiscardingRecordSink()
    return advance(until: time, maxEvents: maxEvents, recordingInto: &sink)
  }

  /// `advance(until:maxEvents:)`, handing finished requests to `sink`.
  public mutating func advance<Sink: RequestRecordSink>(until time: SimTime, maxEvents: Int = .max,
                                                         recordingInto sink: inout Sink) -> SimulationSnapshot {
    keepRecords(for: Sink.self)
    var budget = maxEvents
    while budget > 0 && processNextEvent(notAfter: time, sink: &sink) { budget -= 1 }
    if budget > 0 {
      finishClock(limit: time)
      if !isFinished && time > clock { clock = min(time, horizon) }
    }
    sampleHistory()
    return snapshot()
  }

  /// Runs events up to `limit` (and the horizon).
  mutating func process<Sink: RequestRecordSink>(until limit: SimTime, sink: inout Sink) {
    keepRecords(for: Sink.self)
    while processNextEvent(notAfter: limit, sink: &sink) {}
    finishClock(limit: limit)
  }

  /// Tells the instances whether to keep finished requests' records: not when `Sink` ignores them
  /// and no closed-loop client waits for its stream's end. (Instances keep them by default, so a
  /// caller of `processNextEvent` alone gets every record.)
  private mutating func keepRecords<Sink: RequestRecordSink>(for _: Sink.Type) {
    let keep = Sink.readsRecords || clients != nil
    for k in instances.indices where instances[k].keepsRecords != keep { instances[k].keepsRecords = keep }
  }

  /// Once no event is left, moves the clock to the end of the last step or the last delivery.
  private mutating func finishClock(limit: SimTime) {
    if queue.isEmpty && pendingArrivalAt == nil {
      // The last events fire when a step starts and when its output job starts; the run really
      // ends when the last chunk reaches its client.
      let lastActivity = instances.reduce(clock) { max($0, $1.busyUntil, $1.lastActivity) }
      clock = min(max(clock, min(lastActivity, limit)), horizon)
    }
  }

  /// Executes the next event if it is due by `limit` and the horizon. Returns whether it did.
  @discardableResult
  mutating func processNextEvent<Sink: RequestRecordSink>(notAfter limit: SimTime, sink: inout Sink) -> Bool {
    let due = min(limit, horizon)
    if let arrival = pendingArrivalAt, arrival <= due, arrival <= (queue.nextTime ?? arrival) {
      clock = arrival
      pendingArrivalAt = nil
      handleArrival(sink: &sink)
      return true
    }
    guard let event = queue.first(notAfter: due) else { return false }
    clock = event.time
    let i = Int(event.instance)
    if event.kind == .step {
      // Half the events: tested first, a well-predicted branch rather than the switch's jump.
      let outcome = instances[i].stepEvent(at: clock, model: &stepTimes)
      // The step event stays in the queue until now: the next step replaces it (usual), or it leaves.
      if let next = outcome.nextStep { queue.replaceFirst(with: .step, at: next, instance: i) } else { queue.removeFirst() }
      if let output = outcome.output { queue.schedule(.output, at: output, instance: i) }
      if !instances[i].finished.isEmpty { drainRecords(i, sink: &sink) }
      return true
    }
    // The handled event leaves the queue, or is overwritten by the first event its handler schedules.
    queue.retireFirst()
    switch event.kind {
    case .arrival:
      // Only a closed loop's clients schedule arrival events (see `pendingArrivalAt`).
      if let request = clients?.take(event.slot) { enter(request, sink: &sink) }
      queue.settle()
      return true
    case .admission:
      if let request = awaitingAdmission.popFirst() { admit(request, sink: &sink) }
      queue.settle()
      return true
    case .routing:
      if let request = awaitingRouting.popFirst() { route(request, sink: &sink) }
      queue.settle()
      return true
    case .tokenizerFlush:
      instances[i].flushTokenizer(generation: event.slot)
      enqueueTokenizerReleases(instance: i)
    case .enqueue:
      if instances[i].enqueue(slot: event.slot, at: clock) { scheduleStep(i) }
    case .output:
      instances[i].deliverOutput(at: clock)
    case .step:
      break  // handled above
    }
    queue.settle()
    if !instances[i].finished.isEmpty { drainRecords(i, sink: &sink) }
    return true
  }

  private mutating func scheduleStep(_ i: Int) {
    queue.schedule(.step, at: max(clock, instances[i].busyUntil), instance: i)
  }

  private mutating func drainRecords<Sink: RequestRecordSink>(_ i: Int, sink: inout Sink) {
    guard !instances[i].finished.isEmpty else { return }
    for r in instances[i].finished {
      sink.record(r)
      clientFinished(r)
    }
    instances[i].finished.clear()
  }

  /// Takes the pending arrival into the gateway and schedules the next arrival.
  private mutating func handleArrival<Sink: RequestRecordSink>(sink: inout Sink) {
    guard let request = pendingArrival else { return }
    pendingArrival = generator.next()
    pendingArrivalAt = pendingArrival.map { max($0.arrival + inboundNetwork, clock) }
    enter(request, sink: &sink)
  }

  /// A request reaches the gateway: admission (after its latency), then routing.
  private mutating func enter<Sink: RequestRecordSink>(_ request: WorkloadRequest, sink: inout Sink) {
    arrivedRequests += 1
    if configuration.admissionLatency.microseconds > 0 {
      awaitingAdmission.append(request)
      queue.schedule(.admission, at: clock + configuration.admissionLatency)
    } else {
      admit(request, sink: &sink)
    }
  }

  /// The admission decision; admitted requests go on to routing.
  private mutating func admit<Sink: RequestRecordSink>(_ request: WorkloadRequest, sink: inout Sink) {
    guard admission.admit(promptTokens: request.inputTokens, at: clock) else {
      rejectedByAdmission += 1
      let record = RequestRecord(id: request.id, outcome: .rejectedByAdmission, instance: -1,
                                 arrivalSeconds: request.arrival.seconds, schedulingDelayMicros: 0, ttftMicros: 0,
                                 itlSumMicros: 0, itlCount: 0, e2eMicros: 0, inputTokens: request.inputTokens,
                                 outputTokens: 0, cachedPromptTokens: 0, preemptions: 0)
      sink.record(record)
      clientFinished(record)
      return
    }
    if configuration.routingLatency.microseconds > 0 {
      awaitingRouting.append(request)
      queue.schedule(.routing, at: clock + configuration.routingLatency)
    } else {
      route(request, sink: &sink)
    }
  }

  /// The routing decision and the hand-off to the chosen instance.
  private mutating func route<Sink: RequestRecordSink>(_ request: WorkloadRequest, sink: inout Sink) {
    let target: Int
    if instances.count == 1 {
      target = 0
    } else {
      if router.readsSnapshots { refreshSnapshots() }
      hashScratch.clear()
      if router.needsPrefixHashes {
        let hashes = PromptBlockHashes(request, blockSizeTokens: configuration.blockSizeTokens)
        var h = PromptBlockHashes.root
        for b in 0..<(request.inputTokens / configuration.blockSizeTokens) {
          h = hashes.hash(ofBlock: b, previous: h)
          hashScratch.append(h)
        }
      }
      target = router.route(blockHashes: hashScratch, among: instanceSnapshots)
    }
    let (slot, ready) = instances[target].accept(request, at: clock)
    let tokenized = instances[target].tokenize(slot: slot, ready: ready)
    if let flush = tokenized.flush {
      queue.schedule(.tokenizerFlush, at: flush.at, instance: target, slot: Int32(truncatingIfNeeded: flush.generation))
    }
    if let alone = tokenized.alone { enqueue(slot: slot, at: alone, instance: target) }
    enqueueTokenizerReleases(instance: target)
    drainRecords(target, sink: &sink)
  }

  /// Puts the requests the instance's tokenizer just released into the wait queue: now if due,
  /// else at their time. (Index loop: `enqueue` mutates the instance, so iterating the array
  /// itself would copy it.)
  private mutating func enqueueTokenizerReleases(instance i: Int) {
    guard !instances[i].tokenizerReleases.isEmpty else { return }
    var k = 0
    while k < instances[i].tokenizerReleases.count {
      let r = instances[i].tokenizerReleases[k]
      enqueue(slot: r.slot, at: r.at, instance: i)
      k += 1
    }
  }

  private mutating func enqueue(slot: Int32, at time: SimTime, instance i: Int) {
    if time <= clock {
      if instances[i].enqueue(slot: slot, at: clock) { scheduleStep(i) }
    } else {
      queue.schedule(.enqueue, at: time, instance: i, slot: slot)
    }
  }

  /// Refreshes the router's view: load signals only every `snapshotRefreshInterval`
  /// (stale in between, like a metrics scrape), outstanding counts always.
  private mutating func refreshSnapshots() {
    let interval = configuration.snapshotRefreshInterval.microseconds
    if interval == 0 || lastSnapshotRefresh.map({ clock.microseconds - $0.microseconds >= interval }) ?? true {
      for k in instances.indices { instanceSnapshots[k] = instances[k].snapshot }
      lastSnapshotRefresh = clock
    }
    for k in instances.indices { instanceSnapshots[k].outstandingRequests = instances[k].unfinishedCount }
  }

  private mutating func sampleHistory() {
    for i in instances.indices {
      let kv = instances[i].kv
      if kvHistory[i].count >= Simulation.historyLength { kvHistory[i].removeFirst() }
      kvHistory[i].append(Double(kv.usedBlocks) / Double(kv.totalBlocks))
    }
  }
}
