import BLISSim
import Foundation

/// The data files and model-config resolver of one CLI invocation.
struct RunEnvironment: Sendable {
  let files: DataFiles
  let resolver: ModelConfigResolver

  /// Loads the data folder's files, with the hardware catalogue from `hardwareConfig` when the
  /// settings name one (`--hardware-config`, on the command line or in `--config`).
  static func load(hardwareConfig: URL?, io: CommandIO) throws -> RunEnvironment {
    let files = try DataFiles.load(directory: io.dataDirectory, hardwareConfig: hardwareConfig)
    let resolver = ModelConfigResolver(dataDirectory: io.dataDirectory, hub: try HuggingFaceHub(environment: io.environment))
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
