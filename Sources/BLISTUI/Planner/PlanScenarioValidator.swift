import BLISSim
import Foundation
import Synchronization

/// Checks a scenario with the library's own rules before anything is simulated: the run settings
/// (names, ranges), then the deployment — TP must divide the model's heads and the model must fit
/// in GPU memory at that TP (`ResolvedDeployment`, which computes the KV capacity).
///
/// The screen calls `problems(in:)` on the UI thread, often (every frame of the TP-vs-replication
/// view asks for each split), so the deployment check — which parses the model config and sizes
/// the KV cache — is cached per (model, GPU, TP). Model configs are read from disk only (never the
/// network); a model whose config is not local is not a problem here: the roofline column says so
/// and the blackbox column may still run from its coefficients.
final class PlanScenarioValidator: ScenarioValidator {
  private struct DeploymentKey: Hashable {
    var model: String
    var hardware: String
    var tensorParallelism: Int
  }

  private let options: ScenarioOptions
  private let files: DataFiles
  private let resolver: ModelConfigResolver
  private let deploymentProblems = Mutex<[DeploymentKey: String?]>([:])
  private let deploymentCaveats = Mutex<[DeploymentKey: [String]]>([:])

  init(options: ScenarioOptions, files: DataFiles, resolver: ModelConfigResolver) {
    self.options = options
    self.files = files
    self.resolver = resolver.offline
  }

  func problems(in scenario: Scenario) -> [String] {
    let resolved: RunSettings
    do { resolved = try options.settings(for: scenario) } catch { return [error.description] }
    return deploymentProblem(resolved).map { [$0] } ?? []
  }

  /// The blackbox setup's warnings (e.g. coefficients faster than reading the weights), cached
  /// per deployment like the problems.
  func caveats(in scenario: Scenario) -> [String] {
    guard let resolved = try? options.settings(for: scenario) else { return [] }
    let key = Self.key(resolved)
    if let cached = deploymentCaveats.withLock({ $0[key] }) { return cached }
    let caveats = (try? ResolvedDeployment.resolve(resolved, kind: .blackbox, files: files, resolver: resolver))?
      .warnings.map(\.text) ?? []
    deploymentCaveats.withLock { $0[key] = caveats }
    return caveats
  }

  private static func key(_ resolved: RunSettings) -> DeploymentKey {
    DeploymentKey(model: resolved.modelKey, hardware: resolved.hardware.lowercased(), tensorParallelism: resolved.tensorParallelism)
  }

  /// The cached deployment check of the resolved settings.
  private func deploymentProblem(_ resolved: RunSettings) -> String? {
    let key = Self.key(resolved)
    if let cached = deploymentProblems.withLock({ $0[key] }) { return cached }
    let problem = Self.check(resolved, files: files, resolver: resolver)
    deploymentProblems.withLock { $0[key] = .some(problem) }
    return problem
  }

  /// Builds the roofline setup (config, TP check, KV capacity); nil when it works or when only
  /// the config is missing locally.
  static func check(_ resolved: RunSettings, files: DataFiles, resolver: ModelConfigResolver) -> String? {
    do {
      _ = try ResolvedDeployment.resolve(resolved, kind: .roofline, files: files, resolver: resolver)
      return nil
    } catch ModelConfigResolutionError.unreachable {
      return nil
    } catch {
      return PlanScenarioRunner.reason(for: error, model: resolved.modelKey)
    }
  }
}
