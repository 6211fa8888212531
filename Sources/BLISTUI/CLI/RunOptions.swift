import ArgumentParser
import BLISSim
import Foundation

/// The run settings shared by `blis run`, `blis tui` and later commands, grouped in `--help`.
/// Parsing only records what was typed; `resolve(context:)` applies the precedence
/// (flag > `--config` file > defaults.yaml model row > built-in default) and every check, in
/// the library (`RunOptionsResolver`), so the TUI and the CLI share one set of rules.
struct RunOptions: ParsableArguments {
  @OptionGroup(title: "Model & hardware") var modelHardware: ModelHardwareOptions
  @OptionGroup(title: "Workload") var workload: WorkloadOptions
  @OptionGroup(title: "Engine") var engine: EngineOptions
  @OptionGroup(title: "Cluster") var cluster: ClusterOptions
  @OptionGroup(title: "Output") var output: OutputOptions

  /// The settings given explicitly on the command line.
  var flagLayer: RunOptionLayer {
    var layer = RunOptionLayer(origin: .flags)
    modelHardware.contribute(to: &layer)
    workload.contribute(to: &layer)
    engine.contribute(to: &layer)
    cluster.contribute(to: &layer)
    output.contribute(to: &layer)
    return layer
  }

  /// The `--config` file's settings, if one was given (relative to `currentDirectory`).
  func configLayer(currentDirectory: URL) throws(RunOptionsError) -> RunOptionLayer? {
    guard let path = output.config else { return nil }
    let expanded = (path as NSString).expandingTildeInPath
    let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : currentDirectory.appendingPathComponent(expanded)
    return try RunOptionsFile.load(url.standardizedFileURL)
  }

  /// Resolves and validates everything that does not need the model, GPU catalogue or engine.
  func resolve(context: RunOptionsContext) throws(RunOptionsError) -> ResolvedRunOptions {
    try RunOptionsResolver.resolve(flags: flagLayer, file: configLayer(currentDirectory: context.currentDirectory),
                                   context: context)
  }
}
