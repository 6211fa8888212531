import BLISSim

/// A run that the host advances in slices of simulated time, on a background thread.
///
/// `ProbeRun` fits this directly (see `PlanScenarioRunner`). A run moves between worker threads
/// between slices (never two at once), hence `Sendable`.
protocol SteppableRun: Sendable {
  /// Executes at most `maxEvents` events; returns whether the run has finished (then further
  /// calls do nothing).
  mutating func run(maxEvents: Int) -> Bool
  /// The run now: the engine's snapshot (its report's percentiles cost a pass over every
  /// histogram; the host takes one per publication, not per call of `run`).
  func snapshot() -> SimulationSnapshot
  /// The library's judgement once finished (nil before, and for runs that are not judged).
  var measurement: ProbeMeasurement? { get }
  /// The time series so far (nil for runs that do not record one).
  var timeSeries: TimeSeries? { get }
}

/// Why a run cannot be made for a scenario with a given model (shown in its column instead of numbers).
struct ScenarioUnavailable: Error, Sendable, Hashable {
  var reason: String
}

/// Makes runs from scenarios: the engine seam. The production conformer is `PlanScenarioRunner`
/// (Scenario → run settings → `RunPlan` → `ProbeRun`); tests use small deterministic doubles.
/// Called on the host's worker threads.
protocol ScenarioRunner: Sendable {
  /// A fresh run of `scenario` (its `runRequests` at its rate, or its ramp) with step times from
  /// `latency`, recording a time series, or why it can't (e.g. no blackbox coefficients).
  func makeRun(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<any SteppableRun, ScenarioUnavailable>
  /// The probes of the search for the highest rate within `scenario.slo` (the scenario's own rate
  /// and length are ignored), or why `latency` cannot run it.
  func makeCapacityProbes(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<any CapacityProbeSource, ScenarioUnavailable>
}

/// Checks a scenario's deployment before anything is simulated (reads model configs, so it runs
/// on the host's worker threads, never in the reducer).
protocol ScenarioValidator: Sendable {
  /// Problems (e.g. "TP 3 does not divide 32 attention heads"; none = runnable) and per-model
  /// flags (e.g. implausible blackbox coefficients).
  func check(_ scenario: Scenario) -> ScenarioCheck
}

/// What the configuration panel offers to pick from.
struct ScenarioCatalog: Sendable, Equatable {
  var models: [String]
  var hardware: [String]
  var workloads: [String]
  var routingPolicies: [String]
}
