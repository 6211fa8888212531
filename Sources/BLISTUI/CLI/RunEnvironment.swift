import BLISSim
import Foundation

/// The data files and model-config resolver of one CLI invocation.
struct RunEnvironment: Sendable {
  let files: DataFiles
  let resolver: ModelConfigResolver

  /// Loads the data folder's files, with the hardware catalogue from `hardwareConfig` when the
  /// settings name one (`--hardware-config`, on the command line or in `--config`).
  /// `defaults`: `defaults.yaml` as the caller already read it (else it is read here).
  static func load(hardwareConfig: URL?, io: CommandIO,
                   defaults: (file: DefaultsFile, path: String)? = nil) throws -> RunEnvironment {
    let files = try DataFiles.load(directory: io.dataDirectory, hardwareConfig: hardwareConfig, defaults: defaults)
    let resolver = ModelConfigResolver(dataDirectory: io.dataDirectory, hub: try HuggingFaceHub(environment: io.environment),
                                       knownModelIDs: files.canonicalModelIDs)
    return RunEnvironment(files: files, resolver: resolver)
  }

  /// The run plan of `settings` with step-time model `kind` (default: the settings').
  func plan(_ settings: RunSettings, kind: LatencyModelChoice? = nil) throws -> RunPlan {
    try RunPlan.make(settings, kind: kind, files: files, resolver: resolver)
  }

  /// The deployment of `settings` (no engine or workload: `steptime`, `calibrate`).
  func deployment(_ settings: RunSettings, kind: LatencyModelChoice? = nil) throws -> ResolvedDeployment {
    try ResolvedDeployment.resolve(settings, kind: kind, files: files, resolver: resolver)
  }
}
