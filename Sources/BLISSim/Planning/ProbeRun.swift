/// One run at a fixed offered rate, advanced in slices of simulated time, judged like a capacity
/// probe once it has finished: the SLO p99s and the keep-up ratio over the measurement window
/// (`ProbeMeasurement`). For callers that must stay responsive (the interactive planner, which
/// also runs its dashboard this way). Slicing never changes the verdict: the engine executes the
/// same events whatever the slice boundaries.
///
/// Optionally records a `TimeSeries` (windowed latencies, load, KV usage), sampling the cluster's
/// state at every window boundary.
public struct ProbeRun: Sendable {
  /// Offered arrival rate of the probe, requests per second.
  public let rateRequestsPerSecond: Double
  public let requests: Int
  private let minimumKeepUpRatio: Double
  private let slo: LatencySLO
  private var simulation: Simulation
  private var sink: Sink
  private var nextSample: SimTime
  /// Capacity probes only: stops once the verdict is certainly a failure (`ProbeEarlyStop`).
  private let earlyStop: ProbeEarlyStop?
  private var nextCheck: SimTime
  /// Probes of at most this many requests generate them once (for the measurement window and the
  /// early stop's bound) and replay them in the run: 56 bytes each, ≤ 11 MB per probe.
  static let replayedRequestsLimit = 200_000
  /// The judgement, available once the simulation has finished.
  public private(set) var measurement: ProbeMeasurement?

  /// The measurement window and, when recording, the time series, fed with every record.
  private struct Sink: RequestRecordSink, Sendable {
    var window: ArrivalWindowCounter
    var series: TimeSeriesRecorder?
    var earlyStop: ProbeEarlyStop?
    var overLimit = ProbeEarlyStop.Counts()
    mutating func record(_ r: RequestRecord) {
      window.record(r)
      series?.record(r)
      earlyStop?.count(r, into: &overLimit)
    }
  }

  /// `plan` is typically a probe plan (`RunPlan.probing(rate:requests:)`); any plan works.
  /// With `timeSeriesWindows`, records a time series of about that many windows over the arrival
  /// period (more for the drain after it). With `stopWhenCertain` (capacity probes), the run
  /// ends as soon as an SLO failure is certain (`ProbeEarlyStop`); its measurement then covers
  /// the run so far. `draws`: the workload's rate-independent draws, made once for the probes of
  /// a search (`WorkloadDraws`; same requests with or without). Throws the engine's errors.
  public init(plan: RunPlan, slo: LatencySLO, minimumKeepUpRatio: Double, timeSeriesWindows: Int? = nil,
              stopWhenCertain: Bool = false, draws: WorkloadDraws? = nil) throws {
    rateRequestsPerSecond = plan.settings.workload.rateRequestsPerSecond
    requests = plan.workload.expectedRequestCount ?? plan.settings.workload.numRequests
    self.minimumKeepUpRatio = minimumKeepUpRatio
    self.slo = slo
    simulation = try plan.makeSimulation()
    // One pass over the requests serves the measurement window and the early stop's ITL bound.
    // (A closed loop's clients decide its arrivals: there the pass only bounds the gaps, over every request.)
    let closed = plan.workload.closedLoop != nil
    // An open loop without a horizon keeps the generated requests (up to a bound) and replays them.
    var generated: [WorkloadRequest]?
    let arrivals = !closed || stopWhenCertain
      ? WorkloadArrivalSummary(plan.workload, seed: plan.engine.seed, horizon: closed ? nil : plan.engine.horizon,
                               keepingUpTo: !closed && plan.engine.horizon == nil ? Self.replayedRequestsLimit : 0,
                               kept: &generated, draws: draws) : nil
    if let generated { simulation.replayWorkload(generated) }
    let window = ArrivalWindowCounter(plan: plan, slo: slo, arrivals: arrivals)
    let lastArrival = window.stats.endSeconds
    let recorder = timeSeriesWindows.map {
      TimeSeriesRecorder(windowSeconds: TimeSeries.windowSeconds(covering: max(lastArrival, 1e-3), count: $0))
    }
    earlyStop = stopWhenCertain
      ? ProbeEarlyStop(slo: slo, requests: requests, outputGaps: arrivals?.outputGaps ?? Int(Int32.max)) : nil
    sink = Sink(window: window, series: recorder, earlyStop: earlyStop)
    nextSample = recorder.map { SimTime(seconds: $0.windowSeconds) } ?? .distantFuture
    nextCheck = earlyStop == nil ? .distantFuture : SimTime(seconds: ProbeEarlyStop.checkIntervalSeconds)
  }

  /// The time series so far (nil unless recording).
  public var timeSeries: TimeSeries? { sink.series?.series }

  /// Executes at most `maxEvents` events (stopping at time-series window boundaries to sample
  /// the cluster) without building a snapshot, and judges the probe when the simulation
  /// finishes. Returns whether it has finished. Cheap to call in a loop: the report's
  /// percentiles are computed only by `snapshot()` and at the end.
  public mutating func run(maxEvents: Int) -> Bool {
    if measurement != nil { return true }
    var budget = maxEvents
    while budget > 0 {
      let boundary = min(nextSample, nextCheck)
      if simulation.processNextEvent(notAfter: boundary, sink: &sink) {
        budget -= 1
        continue
      }
      if simulation.isFinished {
        simulation.process(until: .distantFuture, sink: &sink)   // the clock moves to the end of the last step
        if sink.series != nil {
          sink.series?.sample(at: max(simulation.clock, SimTime(microseconds: 1)), instances: simulation.instanceProgress(),
                              itl: simulation.pooledITLHistogram)
          nextSample = .distantFuture
        }
        if measurement == nil { measurement = judge(simulation.report()) }
        return true
      }
      // No event before the next boundary: check the early stop and/or sample the window that ends there.
      if boundary == nextCheck {
        nextCheck = SimTime(seconds: nextCheck.seconds + ProbeEarlyStop.checkIntervalSeconds)
        if let failure = earlyStop?.certainFailure(simulation, counts: sink.overLimit) {
          var judged = judge(simulation.report())
          judged.failures = [failure]
          judged.stoppedEarlyAtSeconds = simulation.clock.seconds
          measurement = judged
          return true
        }
      }
      if boundary == nextSample {
        sink.series?.sample(at: nextSample, instances: simulation.instanceProgress(), itl: simulation.pooledITLHistogram)
        nextSample = SimTime(seconds: nextSample.seconds + (sink.series?.windowSeconds ?? .infinity))
      }
    }
    return measurement != nil
  }

  /// The run now: per-instance state and the report so far (its percentiles cost a pass over
  /// every histogram, so call it when publishing, not per slice).
  public func snapshot() -> SimulationSnapshot { simulation.snapshot() }

  /// Runs to the end and returns the judgement.
  public mutating func finish() -> ProbeMeasurement {
    if let measurement { return measurement }
    if sink.series != nil || earlyStop != nil {
      while !run(maxEvents: .max) {}
      if let measurement { return measurement }
    }
    let report = simulation.run(recordingInto: &sink)     // before `judge` reads the sink
    let judged = judge(report)
    measurement = judged
    return judged
  }

  private func judge(_ report: RunReport) -> ProbeMeasurement {
    ProbeMeasurement.judge(report: report, window: sink.window.stats, rate: rateRequestsPerSecond,
                           requests: requests, slo: slo, minimumKeepUpRatio: minimumKeepUpRatio)
  }
}
