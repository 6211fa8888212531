/// The runnable (split, latency model) combinations of a planning grid, each with its plan, and
/// the ones skipped with the reason (e.g. "TP4×2 roofline: model does not fit on …").
public struct PlanningDeployments: Sendable {
  public struct Deployment: Sendable {
    public var split: GPUSplit
    public var kind: LatencyModelChoice
    public var plan: RunPlan
  }
  public struct Skipped: Sendable, Hashable {
    public var split: GPUSplit
    public var kind: LatencyModelChoice
    /// One line, e.g. the `KVCapacityError` or `DeploymentError` description.
    public var reason: String
    public var line: String { "\(split) \(kind.rawValue): \(reason)" }
  }

  public var runnable: [Deployment]
  public var skipped: [Skipped]

  /// Builds a plan for each split × kind (in that order) from `settings`. A split that cannot run
  /// the model (TP does not divide the heads, the weights do not fit, no blackbox coefficients)
  /// is skipped with its reason; any other error (unknown model, bad file) is thrown.
  /// - Throws: `PlanningError.nothingToRun` when every combination is skipped.
  public static func make(settings: RunSettings, splits: [GPUSplit],
                          kinds: [LatencyModelChoice], files: DataFiles,
                          resolver: ModelConfigResolver) throws -> PlanningDeployments {
    var result = PlanningDeployments(runnable: [], skipped: [])
    for split in splits {
      for kind in kinds {
        do {
          let plan = try RunPlan.make(settings.withSplit(tensorParallelism: split.tensorParallelism, instances: split.instances),
                                      kind: kind, files: files, resolver: resolver)
          result.runnable.append(Deployment(split: split, kind: kind, plan: plan))
        } catch let error as KVCapacityError {
          result.skipped.append(Skipped(split: split, kind: kind, reason: error.description))
        } catch let error as DeploymentError {
          switch error {
          case .tensorParallelismDoesNotDivide, .noCoefficients:
            result.skipped.append(Skipped(split: split, kind: kind, reason: error.description))
          case .missingFile, .unknownModel:
            throw error
          }
        }
      }
    }
    if result.runnable.isEmpty { throw PlanningError.nothingToRun(reasons: result.skipped.map(\.line)) }
    return result
  }
}
