import BLISSim

/// A run that the host advances in slices of simulated time, on one background thread.
///
/// The engine's `Simulation` fits this directly (see `PlanScenarioRunner`). A run is never shared
/// between threads, so it need not be `Sendable`.
protocol SteppableRun {
  /// Executes events up to simulated time `time` (or the end of the workload), at most
  /// `maxEvents` of them, and returns a snapshot of the run. When the budget runs out first, the
  /// snapshot's clock is the last executed event's time. Once the snapshot says `isFinished`,
  /// further calls return it again.
  mutating func advance(until time: SimTime, maxEvents: Int) -> SimulationSnapshot
}

/// Why a run cannot be made for a scenario with a given model (shown in its column instead of numbers).
struct ScenarioUnavailable: Error, Sendable, Hashable {
  var reason: String
}

/// Makes runs from scenarios: the engine seam. The production conformer is `PlanScenarioRunner`
/// (Scenario → run settings → `RunPlan` → `Simulation`); tests use small deterministic doubles.
protocol ScenarioRunner: Sendable {
  /// Creates a fresh run of `scenario` with step times from `latency`, or says why it can't
  /// (e.g. no blackbox coefficients for this model/GPU/TP). Called on the host's worker thread.
  func makeRun(_ scenario: Scenario, latency: LatencyKind) -> Result<any SteppableRun, ScenarioUnavailable>
  /// The probes of the search for the highest rate within `scenario.slo` (the scenario's own rate
  /// and request count are ignored), or why `latency` cannot run it. Called on the worker thread.
  func makeCapacityProbes(_ scenario: Scenario, latency: LatencyKind) -> Result<any CapacityProbeSource, ScenarioUnavailable>
}

/// Checks a scenario before anything is simulated. Returns one-line problems
/// (e.g. "TP 3 does not divide 32 attention heads"); empty means valid.
protocol ScenarioValidator: Sendable {
  func problems(in scenario: Scenario) -> [String]
  /// Doubts that do not stop a run but the user should see (e.g. implausible blackbox
  /// coefficients); one line each. Default: none.
  func caveats(in scenario: Scenario) -> [String]
}

extension ScenarioValidator {
  func caveats(in scenario: Scenario) -> [String] { [] }
}

/// What the configuration panel offers to pick from.
struct ScenarioCatalog: Sendable, Equatable {
  var models: [String]
  var hardware: [String]
  var workloads: [String]
  var routingPolicies: [String]
}
