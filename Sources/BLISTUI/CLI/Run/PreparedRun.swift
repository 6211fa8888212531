import ArgumentParser
import BLISSim
import Foundation

/// The steps every command that reads run settings shares before it runs: resolve the settings
/// (flag > `--config` > the model's defaults.yaml row > the command's default), then load the
/// data files they name (the hardware catalogue from `--hardware-config`, on the command line
/// or in the file), and the output options. Everything here is checked before any output file
/// is created.
struct PreparedRun {
  let environment: RunEnvironment
  let settings: RunSettings
  let output: OutputSettings
  /// The memory runs may use (`AvailableMemory`), checked before each run.
  let memory: MemoryBudget

  /// Prepares the shared option group of `run`, `compare`, `tui`, `sweep`, `capacity`, `bench`.
  static func prepare<Defaults>(_ options: RunOptions<Defaults>, io: CommandIO,
                                defaults: CommandDefaults = Defaults.defaults) throws -> PreparedRun {
    try prepare(flags: options.settingsLayer, output: options.output, io: io, defaults: defaults)
  }

  /// Prepares the setting flags of a whole command (its option groups included, e.g. `blis
  /// capacity`'s SLO flags), with `output`'s `--config` and output options.
  static func prepare<Command: ParsableArguments>(flagsOf command: Command, output: OutputOptions?, io: CommandIO,
                                                  defaults: CommandDefaults = CommandDefaults()) throws -> PreparedRun {
    try prepare(flags: SettingFlags.layer(of: command), output: output, io: io, defaults: defaults)
  }

  /// Prepares any command's setting flags (`flags`), with `output`'s `--config` and output options.
  static func prepare(flags: SettingsLayer, output: OutputOptions? = nil, io: CommandIO,
                      defaults: CommandDefaults = CommandDefaults(), requiresModel: Bool = true) throws -> PreparedRun {
    let file = try output?.configLayer(currentDirectory: io.currentDirectory)
    let defaultsFile = try DataFiles.loadDefaults(directory: io.dataDirectory)
    var context = SettingsContext(defaults: defaultsFile.file, commandDefaults: defaults, currentDirectory: io.currentDirectory)
    context.requiresModel = requiresModel
    let settings = try SettingsResolver.resolve(flags: flags, file: file, context: context)
    let environment = try RunEnvironment.load(hardwareConfig: settings.hardwareConfig, io: io, defaults: defaultsFile)
    let resolvedOutput = try output?.resolve(file: file, currentDirectory: io.currentDirectory) ?? OutputSettings()
    return PreparedRun(environment: environment, settings: settings, output: resolvedOutput,
                       memory: try AvailableMemory.budget(environment: io.environment))
  }

  /// The plan for step-time model `kind` (default: the settings', with the reference's fallback
  /// to roofline; see `RunPlan.make`).
  func plan(kind: LatencyModelChoice? = nil) throws -> RunPlan {
    try environment.plan(settings, kind: kind)
  }

  /// The plan for `kind`, refused when its memory estimate does not fit (`MemoryBudget.check`).
  func checkedPlan(kind: LatencyModelChoice? = nil) throws -> RunPlan {
    let plan = try plan(kind: kind)
    try memory.check(plan)
    return plan
  }
}
