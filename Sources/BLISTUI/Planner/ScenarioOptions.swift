import BLISSim
import Foundation

/// Maps between the planner's `Scenario` and the run settings of `blis run`.
///
/// The user's launch settings (command-line flags and `--config` file, the same option group as
/// `blis run`) are kept as layers; a scenario overrides the fields the planner edits (model, GPU,
/// TP, instances, rate, run length, workload, routing, seed) as explicit flags and the library's
/// resolver does the rest: defaults.yaml rows for the new model (vLLM version, hub repo), every
/// check, and all the settings the planner does not show (engine limits, KV overrides, …).
struct ScenarioOptions: Sendable {
  /// The launch command line.
  let flags: SettingsLayer
  /// The launch `--config` file, if any.
  let file: SettingsLayer?
  /// The defaults.yaml rows and the planner's own defaults.
  let context: SettingsContext

  /// The model the planner starts with when none is given.
  static let plannerModel = "meta-llama/llama-3.1-8b-instruct"

  /// The name `Scenario.workload` uses for "the token-length flags (or built-in lengths)".
  static let distributionWorkload = "distribution"

  /// Settings that shape the synthetic workload; dropped when a preset is chosen.
  static let tokenSettings: Set<String> = Set([
    SettingsCatalog.name(of: \.promptTokens), SettingsCatalog.name(of: \.promptTokensStdev),
    SettingsCatalog.name(of: \.promptTokensMin), SettingsCatalog.name(of: \.promptTokensMax),
    SettingsCatalog.name(of: \.outputTokens), SettingsCatalog.name(of: \.outputTokensStdev),
    SettingsCatalog.name(of: \.outputTokensMin), SettingsCatalog.name(of: \.outputTokensMax),
  ])
  static let workloadSpec = SettingsCatalog.name(of: \.workloadSpec)
  static let workloadPreset = SettingsCatalog.name(of: \.workload)

  /// `context` with the planner's defaults (`PlannerSettingDefaults`) — without the chat preset
  /// when the flags or the file shape the workload themselves.
  init(flags: SettingsLayer, file: SettingsLayer?, context: SettingsContext) {
    self.flags = flags
    self.file = file
    var context = context
    let shaped = Self.shapesWorkload(flags) || file.map(Self.shapesWorkload) == true
    context.commandDefaults = shaped ? PlannerSettingDefaults.defaults.removing(\.workload) : PlannerSettingDefaults.defaults
    self.context = context
  }

  /// The launch settings: flags, file, defaults.yaml and the planner's defaults.
  func launchSettings() throws(SettingsError) -> RunSettings {
    try SettingsResolver.resolve(flags: flags, file: file, context: context)
  }

  /// The resolved settings of `scenario`: the launch settings with the scenario's fields as flags
  /// (a steady run of `scenario.runRequests` requests at its rate).
  func settings(for scenario: Scenario) throws(SettingsError) -> RunSettings {
    let (kept, fileLayer) = launchLayers(for: scenario)
    var layer = kept
    layer.set(\.model, scenario.model)
    layer.set(\.hardware, scenario.hardware)
    layer.set(\.tp, String(scenario.split.tensorParallelism))
    layer.set(\.numInstances, String(scenario.split.instances))
    layer.set(\.rate, String(scenario.rateRequestsPerSecond))
    layer.set(\.numRequests, String(scenario.runRequests))
    if Self.replacesLaunchWorkload(scenario) { layer.set(\.workload, scenario.workload) }
    layer.set(\.routingPolicy, scenario.routingPolicy)
    layer.set(\.seed, String(scenario.seed))
    return try SettingsResolver.resolve(flags: layer, file: fileLayer, context: context)
  }

  /// The launch settings that still apply to `scenario`: a preset replaces the token flags and any
  /// spec file; "distribution" replaces the spec file; any other name is the launch's own spec
  /// file, kept as it is.
  private func launchLayers(for scenario: Scenario) -> (flags: SettingsLayer, file: SettingsLayer?) {
    var dropped: Set<String> = []
    if WorkloadPreset(rawValue: scenario.workload) != nil { dropped.formUnion(Self.tokenSettings) }
    if Self.replacesLaunchWorkload(scenario) { dropped.insert(Self.workloadSpec) }
    let fileDropped = dropped.union(Self.replacesLaunchWorkload(scenario) ? [Self.workloadPreset] : [])
    return (flags.removing(dropped), file.map { $0.removing(fileDropped) })
  }

  private static func replacesLaunchWorkload(_ scenario: Scenario) -> Bool {
    WorkloadPreset(rawValue: scenario.workload) != nil || scenario.workload == distributionWorkload
  }

  /// Settings the planner sets from the scenario (or ignores), left out of `extraArguments`.
  static let scenarioSettings: Set<String> = [
    SettingsCatalog.name(of: \.model), SettingsCatalog.name(of: \.hardware), SettingsCatalog.name(of: \.tp),
    SettingsCatalog.name(of: \.numInstances), SettingsCatalog.name(of: \.rate), SettingsCatalog.name(of: \.numRequests),
    SettingsCatalog.name(of: \.workload), SettingsCatalog.name(of: \.routingPolicy), SettingsCatalog.name(of: \.seed),
    SettingsCatalog.name(of: \.latencyModel),
  ]

  /// Settings whose flag takes no value (`--enable-prefix-caching` / `--no-enable-prefix-caching`).
  static let booleanSettings: Set<String> = [
    SettingsCatalog.name(of: \.enablePrefixCaching), SettingsCatalog.name(of: \.enableChunkedPrefill),
  ]

  /// The launch's other settings as command-line arguments (`--max-num-seqs 128`, `--config
  /// run.yaml`, …): with the scenario's own flags they reproduce its run with `blis run`.
  func extraArguments(for scenario: Scenario) -> [String] {
    let (kept, fileLayer) = launchLayers(for: scenario)
    var args: [String] = []
    for name in kept.entries.keys.sorted() where !Self.scenarioSettings.contains(name) {
      guard let input = kept[name] else { continue }
      if Self.booleanSettings.contains(name) {
        args.append(input.description == "false" ? "--no-" + name : "--" + name)
      } else {
        args += ["--" + name, input.description]
      }
    }
    if case .file(let path)? = fileLayer?.origin { args += ["--config", path] }
    return args
  }

  /// The scenario a set of resolved settings describes (the planner's starting point).
  static func scenario(from settings: RunSettings) -> Scenario {
    Scenario(model: settings.modelKey, hardware: settings.hardware,
             split: GPUSplit(tensorParallelism: settings.tensorParallelism, instances: settings.engine.instances),
             rateRequestsPerSecond: settings.workload.rateRequestsPerSecond, minimumRequests: settings.workload.numRequests,
             arrivalSeconds: Scenario.defaultArrivalSeconds, workload: workloadName(settings),
             routingPolicy: settings.engine.routing.name, seed: settings.seed)
  }

  /// A preset's name, `distribution`, or the spec file's name.
  static func workloadName(_ settings: RunSettings) -> String {
    if let preset = settings.workload.preset { return preset.rawValue }
    if let spec = settings.workload.specFile { return spec.lastPathComponent }
    return distributionWorkload
  }

  private static func shapesWorkload(_ layer: SettingsLayer) -> Bool {
    layer[workloadSpec] != nil || tokenSettings.contains { layer[$0] != nil }
  }
}

/// The planner's defaults where the user gave nothing and defaults.yaml has no row: a cluster
/// big enough for the TP-vs-replication view to be interesting, a busy chat workload, and enough
/// requests for stable p99s. `blis tui --help` shows them.
enum PlannerSettingDefaults: CommandSettingDefaults {
  static var defaults: CommandDefaults {
    var d = CommandDefaults()
    d.set(\.model, ScenarioOptions.plannerModel)
    d.set(\.numInstances, "4")
    d.set(\.rate, "40")
    d.set(\.numRequests, "1000")
    d.set(\.workload, WorkloadPreset.chatbot.rawValue)
    return d
  }
}
