/// One capacity probe advanced in slices of simulated time, for callers that must stay
/// responsive (the interactive planner). It records the same compact per-request data as
/// `ProbeMeasurement.measure` and, once the simulation has finished, judges it with the same
/// rule (`ProbeMeasurement.judge`): the SLO p99s and the keep-up ratio. Slicing never changes the
/// verdict: the engine executes the same events whatever the slice boundaries.
public struct ProbeRun: Sendable {
  /// Offered arrival rate of the probe, requests per second.
  public let rateRequestsPerSecond: Double
  public let requests: Int
  private let minimumKeepUpRatio: Double
  private var simulation: Simulation
  private var sink: WindowSink
  /// The judgement, available once the simulation has finished.
  public private(set) var measurement: ProbeMeasurement?

  /// `plan` is a probe plan (`RunPlan.probing(rate:requests:)`). Throws the engine's errors.
  public init(plan: RunPlan, slo: LatencySLO, minimumKeepUpRatio: Double) throws {
    rateRequestsPerSecond = plan.settings.workload.rateRequestsPerSecond
    requests = plan.settings.workload.numRequests
    self.minimumKeepUpRatio = minimumKeepUpRatio
    simulation = try plan.makeSimulation()
    sink = WindowSink(slo: slo)
  }

  /// Executes events up to `time`, at most `maxEvents` of them (as `Simulation.advance`), and
  /// judges the probe when the simulation finishes.
  public mutating func advance(until time: SimTime, maxEvents: Int = .max) -> SimulationSnapshot {
    let snapshot = simulation.advance(until: time, maxEvents: maxEvents, recordingInto: &sink)
    if snapshot.isFinished, measurement == nil { measurement = judge(snapshot.report) }
    return snapshot
  }

  /// Runs to the end and returns the judgement.
  public mutating func finish() -> ProbeMeasurement {
    if let measurement { return measurement }
    let judged = judge(simulation.run(recordingInto: &sink))
    measurement = judged
    return judged
  }

  private mutating func judge(_ report: RunReport) -> ProbeMeasurement {
    defer { sink.records = [] }   // the verdict is all that is needed now
    return ProbeMeasurement.judge(report: report, records: sink.records, rate: rateRequestsPerSecond,
                                  requests: requests, slo: sink.slo, minimumKeepUpRatio: minimumKeepUpRatio)
  }
}
