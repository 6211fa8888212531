import BLISSim
import Foundation
import Synchronization

/// Checks a scenario with the library's own rules before anything is simulated: the run settings
/// (names, ranges), then the deployment — TP must divide the model's heads and the model must fit
/// in GPU memory at that TP (`ResolvedDeployment`, which computes the KV capacity) — and flags doubtful
/// step-time models (the blackbox setup's plausibility warnings).
///
/// Called on the host's worker threads (never in the reducer); results are cached per
/// (model, GPU, TP, …) since every split of the splits view and every restart asks again. Model
/// configs are read from disk only (never the network); a model whose config is not local is not
/// a problem here: the roofline column says so and the blackbox column may still run from its
/// coefficients.
final class PlanScenarioValidator: ScenarioValidator {
  private let options: ScenarioOptions
  private let files: DataFiles
  private let resolver: ModelConfigResolver
  private let cache = Mutex<[Scenario: ScenarioCheck]>([:])

  init(options: ScenarioOptions, files: DataFiles, resolver: ModelConfigResolver) {
    self.options = options
    self.files = files
    self.resolver = resolver.offline
  }

  /// The settings are resolved on every call (cheap; they depend on every field); the deployment
  /// check behind them is cached per deployment and split.
  func check(_ scenario: Scenario) -> ScenarioCheck {
    let resolved: RunSettings
    do { resolved = try options.settings(for: scenario) } catch { return ScenarioCheck(problems: [error.description]) }
    var key = scenario.deployment
    key.split = scenario.split
    if let cached = cache.withLock({ $0[key] }) { return cached }
    let result = Self.check(resolved, files: files, resolver: resolver)
    cache.withLock { $0[key] = result }
    return result
  }

  /// The deployment check of resolved settings: the roofline setup (config, TP, KV capacity),
  /// then the blackbox setup's plausibility warnings.
  static func check(_ resolved: RunSettings, files: DataFiles, resolver: ModelConfigResolver) -> ScenarioCheck {
    var check = ScenarioCheck()
    do {
      _ = try ResolvedDeployment.resolve(resolved, kind: .roofline, files: files, resolver: resolver)
    } catch ModelConfigResolutionError.unreachable {
      // Only the config is missing locally: blackbox may still run.
    } catch {
      check.problems = [PlanScenarioRunner.reason(for: error, model: resolved.modelKey)]
      return check
    }
    if let blackbox = try? ResolvedDeployment.resolve(resolved, kind: .blackbox, files: files, resolver: resolver),
       !blackbox.warnings.isEmpty {
      check.flags[.blackbox] = blackbox.warnings.map(\.text)
    }
    return check
  }
}
