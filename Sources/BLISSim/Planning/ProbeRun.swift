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
  /// The judgement, available once the simulation has finished.
  public private(set) var measurement: ProbeMeasurement?

  /// The measurement window and, when recording, the time series, fed with every record.
  private struct Sink: RequestRecordSink, Sendable {
    var window: ArrivalWindowCounter
    var series: TimeSeriesRecorder?
    mutating func record(_ r: RequestRecord) {
      window.record(r)
      series?.record(r)
    }
  }

  /// `plan` is typically a probe plan (`RunPlan.probing(rate:requests:)`); any plan works.
  /// With `timeSeriesWindows`, records a time series of about that many windows over the arrival
  /// period (more for the drain after it). Throws the engine's errors.
  public init(plan: RunPlan, slo: LatencySLO, minimumKeepUpRatio: Double, timeSeriesWindows: Int? = nil) throws {
    rateRequestsPerSecond = plan.settings.workload.rateRequestsPerSecond
    requests = plan.workload.expectedRequestCount ?? plan.settings.workload.numRequests
    self.minimumKeepUpRatio = minimumKeepUpRatio
    self.slo = slo
    simulation = try plan.makeSimulation()
    let window = ArrivalWindowCounter(plan: plan, slo: slo)
    let lastArrival = window.stats.endSeconds
    let recorder = timeSeriesWindows.map {
      TimeSeriesRecorder(windowSeconds: TimeSeries.windowSeconds(covering: max(lastArrival, 1e-3), count: $0))
    }
    sink = Sink(window: window, series: recorder)
    nextSample = recorder.map { SimTime(seconds: $0.windowSeconds) } ?? .distantFuture
  }

  /// The time series so far (nil unless recording).
  public var timeSeries: TimeSeries? { sink.series?.series }

  /// Executes at most `maxEvents` events (stopping at time-series window boundaries to sample
  /// the cluster) without building a snapshot, and judges the probe when the simulation
  /// finishes. Returns whether it has finished. Cheap to call in a loop: the report's
  /// percentiles are computed only by `snapshot()` and at the end.
  public mutating func run(maxEvents: Int) -> Bool {
    var budget = maxEvents
    while budget > 0 {
      if simulation.processNextEvent(notAfter: nextSample, sink: &sink) {
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
      // No event before the next window boundary: sample the window that ends there.
      sink.series?.sample(at: nextSample, instances: simulation.instanceProgress(), itl: simulation.pooledITLHistogram)
      nextSample = SimTime(seconds: nextSample.seconds + (sink.series?.windowSeconds ?? .infinity))
    }
    return simulation.isFinished && measurement != nil
  }

  /// The run now: per-instance state and the report so far (its percentiles cost a pass over
  /// every histogram, so call it when publishing, not per slice).
  public func snapshot() -> SimulationSnapshot { simulation.snapshot() }

  /// Runs to the end and returns the judgement.
  public mutating func finish() -> ProbeMeasurement {
    if let measurement { return measurement }
    if sink.series != nil {
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
