import BLISSim
import Foundation

/// Performs one lease of the `RunScheduler` outside its lock, on a worker thread: checks a split,
/// or makes a run (a search's next probe) and advances it for about `targetSliceWall`.
struct RunWorker: Sendable {
  let runner: any ScenarioRunner
  let validator: any ScenarioValidator

  /// Wall time one lease should take: short enough that a restart, pause or stop is seen within
  /// a few tens of milliseconds, long enough that the snapshot each `advance` returns (the report
  /// so far) stays a small share of the work, even in a debug build.
  static let targetSliceWall: Duration = .milliseconds(25)
  static let initialSliceEvents = 2_000
  static let minimumSliceEvents = 200
  static let maximumSliceEvents = 1 << 22
  /// How often a plain run publishes its snapshot and time series while it runs.
  static let publishInterval: Duration = .milliseconds(150)

  func check(_ scenario: Scenario) -> ScenarioCheck { validator.check(scenario) }

  /// Makes the run if needed and advances it until the slice's wall time is used up, the run
  /// finishes, or `interrupted()` says the generation changed. The run advances in place in its
  /// handle (see `RunHandle` for why it is not passed by value).
  func advance(spec: RunSpec, run existing: RunHandle?, probes existingProbes: (any CapacityProbeSource)?,
               nextRate: Double?, sliceEvents: Int, lastSeries: ContinuousClock.Instant,
               interrupted: () -> Bool) -> RunScheduler.SliceResult {
    var result = RunScheduler.SliceResult(sliceEvents: sliceEvents)
    let handle: RunHandle
    if let existing {
      handle = existing
    } else {
      switch makeRun(spec: spec, probes: existingProbes, nextRate: nextRate, result: &result) {
      case .success(let made?): handle = RunHandle(made)
      case .success(nil): return result
      case .failure(let unavailable):
        result.unavailable = unavailable.reason
        return result
      }
    }
    let clock = ContinuousClock()
    let start = clock.now
    var budget = sliceEvents
    var finished = false
    while true {
      let started = clock.now
      finished = handle.run.run(maxEvents: budget)
      let elapsed = clock.now - started
      if elapsed > Self.targetSliceWall / 2 {
        budget = max(Self.minimumSliceEvents, budget / 2)
      } else if elapsed < Self.targetSliceWall / 8, !finished {
        budget = min(budget * 2, Self.maximumSliceEvents)
      }
      if finished || clock.now - start >= Self.targetSliceWall || interrupted() { break }
    }
    result.sliceEvents = budget
    // A probe publishes only its verdict (in the bracket); a plain run its numbers so far, a few
    // times a second (a snapshot's percentiles and the series' sorting are not free).
    if finished || (!spec.isCapacitySearch && clock.now - lastSeries >= Self.publishInterval) {
      result.snapshot = handle.run.snapshot()
      if !spec.isCapacitySearch { result.series = handle.run.timeSeries }
      result.seriesBuilt = clock.now
    }
    result.finished = finished
    result.run = handle
    return result
  }

  /// The plain run, or the search's next probe (making its probe source on the first lease).
  /// `.success(nil)`: a search with nothing left to probe.
  private func makeRun(spec: RunSpec, probes existing: (any CapacityProbeSource)?, nextRate: Double?,
                       result: inout RunScheduler.SliceResult) -> Result<(any SteppableRun)?, ScenarioUnavailable> {
    guard spec.isCapacitySearch else {
      return runner.makeRun(spec.scenario, latency: spec.latency).map { Optional($0) }
    }
    var rate = nextRate
    let source: any CapacityProbeSource
    if let existing {
      source = existing
    } else {
      switch runner.makeCapacityProbes(spec.scenario, latency: spec.latency) {
      case .success(let made):
        source = made
        result.probes = made
        rate = CapacityBracket(settings: made.settings, startRate: made.startRate).nextRate
      case .failure(let unavailable): return .failure(unavailable)
      }
    }
    guard let rate else { return .success(nil) }
    result.probeRate = rate
    return source.makeProbe(rate: rate).map { Optional($0) }
  }
}
