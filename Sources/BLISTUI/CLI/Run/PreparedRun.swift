import BLISSim
import Foundation

/// The steps every simulating command shares before it runs: load the data files (with
/// `--hardware-config`), resolve the settings (flag > `--config` > defaults.yaml > built-in), and
/// build run plans. Everything here is checked before any output file is created.
struct PreparedRun {
  let environment: RunEnvironment
  let options: ResolvedRunOptions

  /// `extraFlags` are settings that override the command line (e.g. `blis validate`'s per-file
  /// ones); `defaultModel` is used when neither a flag nor `--config` names the model.
  static func prepare(_ flags: RunOptions, io: CommandIO, extraFlags: RunOptionLayer? = nil,
                      defaultModel: String? = nil) throws -> PreparedRun {
    let flagHardware = (extraFlags?[.hardwareConfig]?.description ?? flags.modelHardware.hardwareConfig)
      .map { absolutePath($0, in: io.currentDirectory) }
    var environment = try RunEnvironment.load(hardwareConfig: flagHardware, dataDirectory: io.dataDirectory,
                                              environment: io.environment)
    var context = environment.context(defaultModel: defaultModel)
    context.currentDirectory = io.currentDirectory
    var layer = flags.flagLayer
    for (key, value) in extraFlags?.values ?? [:] { layer.set(key, value) }
    let options = try RunOptionsResolver.resolve(flags: layer, file: flags.configLayer(currentDirectory: context.currentDirectory),
                                                 context: context)
    // A `--config` file may name the hardware file: reload the catalogue from it.
    if let path = options.hardwareConfigPath?.path, path != flagHardware.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) {
      environment = try RunEnvironment.load(hardwareConfig: path, dataDirectory: io.dataDirectory, environment: io.environment)
    }
    return PreparedRun(environment: environment, options: options)
  }

  /// The plan for latency model `kind`.
  func plan(kind: ResolvedRunOptions.LatencyModelChoice) throws -> RunPlan {
    try environment.plan(options, kind: kind)
  }

  /// The plan for the chosen latency model. Like the reference, when blackbox was not chosen
  /// explicitly, has no coefficients, and the user gave everything roofline needs
  /// (`--model-config-folder`, `--hardware-config`, `--hardware`, `--tp`), it falls back to
  /// roofline and says so in the returned warning.
  func planWithFallback() throws -> (plan: RunPlan, warnings: [String]) {
    do {
      return (try plan(kind: options.latencyModel), [])
    } catch let error as DeploymentError {
      guard case .noCoefficients = error, qualifiesForImplicitRoofline else { throw error }
      let plan = try plan(kind: .roofline)
      let gpu = plan.latency.hardware.name
      return (plan, ["no blackbox coefficients for model=\(options.model) GPU=\(gpu) TP=\(options.tensorParallelism); "
        + "using the roofline model from --model-config-folder and --hardware-config (pass --roofline to silence this)"])
    }
  }

  private var qualifiesForImplicitRoofline: Bool {
    func explicit(_ key: RunOptionKey) -> Bool { [.flag, .configFile].contains(options.source(of: key)) }
    return options.source(of: .latencyModel) == .builtin && options.alphaCoefficients == nil
      && options.betaCoefficients == nil && options.modelConfigFolder != nil && options.hardwareConfigPath != nil
      && options.hardware != nil && explicit(.tp)
  }

  static func absolutePath(_ path: String, in directory: URL) -> String {
    let expanded = (path as NSString).expandingTildeInPath
    return expanded.hasPrefix("/") ? expanded : directory.appendingPathComponent(expanded).standardizedFileURL.path
  }
}
