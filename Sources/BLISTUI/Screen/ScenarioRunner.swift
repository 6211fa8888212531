import BLISSim

/// A run that the host advances in slices of simulated time, on one background thread.
///
/// The real engine's `Simulation` fits this directly (`advance(until:)` returning a snapshot).
/// A run is never shared between threads, so it need not be `Sendable`.
protocol SteppableRun {
  /// Advances the simulation until simulated time `limit` (or the end of the workload) and
  /// returns a snapshot of the run. Once the snapshot says `isFinished`, further calls return it again.
  mutating func advance(until limit: SimTime) -> SimulationSnapshot
}

/// Why a run cannot be made for a scenario with a given model (shown in its column instead of numbers).
struct ScenarioUnavailable: Error, Sendable, Hashable {
  var reason: String
}

/// Makes runs from scenarios: the engine seam. The preview implementation is
/// `PreviewScenarioRunner`; the real one wraps BLISSim's cluster simulation, e.g.
///
/// ```swift
/// extension Simulation: SteppableRun {}            // advance(until:) -> SimulationSnapshot
/// struct EngineScenarioRunner: ScenarioRunner {
///   let dataDirectory: URL
///   func makeRun(_ s: Scenario, latency: LatencyKind) -> Result<any SteppableRun, ScenarioUnavailable> {
///     // map Scenario + LatencyKind to the engine's configuration; a missing blackbox row
///     // becomes .failure(ScenarioUnavailable(reason: "no coefficients for …"))
///   }
/// }
/// ```
/// and `TUICommand.run()` passes it (plus a validator and catalog built from the same data)
/// instead of the preview ones.
protocol ScenarioRunner: Sendable {
  /// Creates a fresh run of `scenario` with step times from `latency`, or says why it can't
  /// (e.g. no blackbox coefficients for this model/GPU/TP). Called on the host's worker thread.
  func makeRun(_ scenario: Scenario, latency: LatencyKind) -> Result<any SteppableRun, ScenarioUnavailable>
}

/// Checks a scenario before anything is simulated. Returns one-line problems
/// (e.g. "TP 3 does not divide 32 attention heads"); empty means valid.
protocol ScenarioValidator: Sendable {
  func problems(in scenario: Scenario) -> [String]
}

/// What the configuration panel offers to pick from.
struct ScenarioCatalog: Sendable, Equatable {
  var models: [String]
  var hardware: [String]
  var workloads: [String]
  var routingPolicies: [String]
}
