import BLISSim
import Foundation

/// The real engine behind the planner: `Scenario` → `ResolvedRunOptions` (the launch settings
/// with the scenario's fields as flags) → `RunPlan` for the latency model → `Simulation`.
///
/// Called on the host's worker thread. Reads only local files (the resolver is offline), so a
/// run never waits on the network. Anything that stops a model from running (no blackbox
/// coefficients, no local config for roofline, a bad value) becomes `ScenarioUnavailable` with
/// the library's one-line message, shown in that model's column.
struct PlanScenarioRunner: ScenarioRunner {
  let options: ScenarioOptions
  let files: DataFiles
  /// Offline: see `OfflineFetcher`.
  let resolver: ModelConfigResolver

  init(options: ScenarioOptions, files: DataFiles, resolver: ModelConfigResolver) {
    self.options = options
    self.files = files
    self.resolver = resolver.offline
  }

  /// The plan of `scenario` with step times from `latency`, or the one-line reason it cannot run.
  func plan(_ scenario: Scenario, latency: LatencyKind) -> Result<RunPlan, ScenarioUnavailable> {
    do {
      let resolved = try options.options(for: scenario)
      return .success(try RunPlan.make(options: resolved, kind: latency.choice, files: files, resolver: resolver))
    } catch {
      return .failure(ScenarioUnavailable(reason: Self.reason(for: error, model: scenario.model)))
    }
  }

  func makeRun(_ scenario: Scenario, latency: LatencyKind) -> Result<any SteppableRun, ScenarioUnavailable> {
    plan(scenario, latency: latency).flatMap { plan in
      do { return .success(try plan.makeSimulation()) } catch {
        return .failure(ScenarioUnavailable(reason: Self.reason(for: error, model: scenario.model)))
      }
    }
  }

  /// The library's message, except that a config that is not on disk says so plainly.
  static func reason(for error: any Error, model: String) -> String {
    if case ModelConfigResolutionError.unreachable = error {
      return "no local config.json for \(model) (the planner reads model_configs/ only; "
        + "launch with --model \(model) to fetch it, or use --model-config-folder)"
    }
    return String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}

extension LatencyKind {
  /// The library's name for the same choice.
  var choice: ResolvedRunOptions.LatencyModelChoice {
    switch self {
    case .roofline: .roofline
    case .blackbox: .blackbox
    }
  }
}

// The engine's `Simulation` is the planner's run: a value advanced in slices on the worker thread.
extension Simulation: SteppableRun {}
