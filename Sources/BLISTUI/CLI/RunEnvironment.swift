import BLISSim
import Foundation

/// The data files and config resolver of one CLI invocation, and the `RunOptionsContext` they
/// give the shared option group (model defaults, preset and routing names for did-you-mean).
struct RunEnvironment: Sendable {
  let files: DataFiles
  let resolver: ModelConfigResolver

  /// Loads the data directory's files (`--hardware-config` overrides the bundled catalogue).
  static func load(hardwareConfig: String? = nil, dataDirectory: URL = DataDirectory.locate(),
                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RunEnvironment {
    let hw = hardwareConfig.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
    let files = try DataFiles.load(directory: dataDirectory, hardwareConfig: hw)
    let resolver = ModelConfigResolver(dataDirectory: dataDirectory, hub: try HuggingFaceHub(environment: environment),
                                       knownModelIDs: files.canonicalModelIDs)
    return RunEnvironment(files: files, resolver: resolver)
  }

  /// The names and defaults the option resolver checks against.
  func context(defaultModel: String? = nil) -> RunOptionsContext {
    var rows: [String: RunOptionsContext.ModelDefaults] = [:]
    for (id, d) in files.defaults.defaults {
      rows[id] = .init(gpu: d.gpu, tensorParallelism: d.tensorParallelism, vllmVersion: d.vllmVersion, hfRepo: d.hfRepo)
    }
    return RunOptionsContext(modelDefaults: rows, workloadPresets: WorkloadPreset.allCases.map(\.rawValue),
                             routingPolicies: RoutingPolicy.knownNames, defaultModel: defaultModel)
  }

  /// Resolves `options` and builds the run plan for latency model `kind` (default: the option's).
  func plan(_ options: ResolvedRunOptions, kind: ResolvedRunOptions.LatencyModelChoice? = nil) throws -> RunPlan {
    try RunPlan.make(options: options, kind: kind, files: files, resolver: resolver)
  }
}
