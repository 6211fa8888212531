import BLISSim
import Foundation

/// Maps between the planner's `Scenario` and the run settings of `blis run`.
///
/// The user's launch settings (command-line flags and `--config` file, the same option group as
/// `blis run`) are kept as layers; a scenario overrides the fields the planner edits (model, GPU,
/// TP, instances, rate, requests, workload, routing, seed) as explicit flags and the library's
/// resolver does the rest: defaults.yaml rows for the new model (vLLM version, hub repo), every
/// check, and all the settings the planner does not show (engine limits, KV overrides, …).
struct ScenarioOptions: Sendable {
  /// The launch command line (`RunOptions.flagLayer`).
  let flags: RunOptionLayer
  /// The launch `--config` file, if any.
  let file: RunOptionLayer?
  let context: RunOptionsContext

  /// The model the planner starts with when none is given.
  static let plannerModel = "meta-llama/llama-3.1-8b-instruct"

  /// The planner's defaults where the user gave nothing and defaults.yaml has no row: a cluster
  /// big enough for the TP-vs-replication view to be interesting, a busy chat workload, and enough
  /// requests for stable p99s. The model defaults to `context.defaultModel`.
  static let launchDefaults: [RunOptionKey: RunOptionValue] = [
    .numInstances: .integer(4), .rate: .number(40), .numRequests: .integer(1_000), .workload: .string("chatbot"),
  ]

  /// Workload keys that shape the synthetic workload; dropped when a preset is chosen.
  static let tokenKeys: [RunOptionKey] = [
    .promptTokens, .promptTokensStdev, .promptTokensMin, .promptTokensMax,
    .outputTokens, .outputTokensStdev, .outputTokensMin, .outputTokensMax,
  ]

  /// The name `Scenario.workload` uses for "the token-length flags (or built-in lengths)".
  static let distributionWorkload = "distribution"

  /// The launch settings with the planner's defaults filled in where neither the flags nor the
  /// file set a value (a workload preset only when no token flags or spec file shape the workload).
  func launchOptions() throws(RunOptionsError) -> ResolvedRunOptions {
    var layer = flags
    for (key, value) in Self.launchDefaults where flags[key] == nil && file?[key] == nil {
      if key == .workload, shapesWorkload(flags) || file.map(shapesWorkload) == true { continue }
      layer.set(key, value)
    }
    return try RunOptionsResolver.resolve(flags: layer, file: file, context: context)
  }

  /// The resolved settings of `scenario`: the launch settings with the scenario's fields as flags
  /// (a steady run of `scenario.runRequests` requests at its rate).
  func options(for scenario: Scenario) throws(RunOptionsError) -> ResolvedRunOptions {
    let (kept, fileLayer) = launchLayers(for: scenario)
    var layer = kept
    layer.set(.model, .string(scenario.model))
    layer.set(.hardware, .string(scenario.hardware))
    layer.set(.tp, .integer(scenario.split.tensorParallelism))
    layer.set(.numInstances, .integer(scenario.split.instances))
    layer.set(.rate, .number(scenario.rateRequestsPerSecond))
    layer.set(.numRequests, .integer(scenario.runRequests))
    if Self.replacesLaunchWorkload(scenario) { layer.set(.workload, .string(scenario.workload)) }
    layer.set(.routingPolicy, .string(scenario.routingPolicy))
    layer.set(.seed, .integer(Int(clamping: scenario.seed)))
    return try RunOptionsResolver.resolve(flags: layer, file: fileLayer, context: context)
  }

  /// The launch settings that still apply to `scenario`: a preset replaces the token flags and any
  /// spec file; "distribution" replaces the spec file; any other name is the launch's own spec
  /// file, kept as it is.
  private func launchLayers(for scenario: Scenario) -> (flags: RunOptionLayer, file: RunOptionLayer?) {
    let usesPreset = WorkloadPreset(rawValue: scenario.workload) != nil
    var dropped: Set<RunOptionKey> = []
    if usesPreset { dropped.formUnion(Self.tokenKeys) }
    if Self.replacesLaunchWorkload(scenario) { dropped.insert(.workloadSpec) }
    let file = self.file.map { Self.copy($0, without: dropped.union(Self.replacesLaunchWorkload(scenario) ? [.workload] : [])) }
    return (Self.copy(flags, without: dropped), file)
  }

  private static func replacesLaunchWorkload(_ scenario: Scenario) -> Bool {
    WorkloadPreset(rawValue: scenario.workload) != nil || scenario.workload == distributionWorkload
  }

  /// Keys the planner sets from the scenario (or ignores), left out of `extraArguments`.
  static let scenarioKeys: Set<RunOptionKey> = [
    .model, .hardware, .tp, .numInstances, .rate, .numRequests, .workload, .routingPolicy, .seed,
    .latencyModel, .roofline, .resultsPath, .requestsOut, .json, .quiet,
  ]

  /// The launch's other settings as command-line arguments (`--max-num-seqs 128`, `--config
  /// run.yaml`, …): with the scenario's own flags they reproduce its run with `blis run`.
  func extraArguments(for scenario: Scenario) -> [String] {
    let (kept, fileLayer) = launchLayers(for: scenario)
    var args: [String] = []
    for key in kept.values.keys.sorted() where !Self.scenarioKeys.contains(key) {
      guard let value = kept[key] else { continue }
      switch value {
      case .bool(let on): args.append(on ? key.flag : key.flag.replacingOccurrences(of: "--", with: "--no-"))
      default: args += [key.flag, value.description]
      }
    }
    if case .file(let path)? = fileLayer?.origin { args += ["--config", path] }
    return args
  }

  /// The scenario a set of resolved settings describes (the planner's starting point).
  static func scenario(from options: ResolvedRunOptions) -> Scenario {
    Scenario(model: options.modelKey, hardware: options.hardware ?? "H100",
             split: GPUSplit(tensorParallelism: options.tensorParallelism, instances: options.numInstances),
             rateRequestsPerSecond: options.rateRequestsPerSecond, minimumRequests: options.numRequests,
             arrivalSeconds: Scenario.defaultArrivalSeconds, workload: workloadName(options),
             routingPolicy: options.routingPolicy, seed: options.seed)
  }

  /// A preset's name, `distribution`, or the spec file's name.
  static func workloadName(_ options: ResolvedRunOptions) -> String {
    if let preset = options.workloadPreset { return preset }
    if let spec = options.workloadSpecPath { return spec.lastPathComponent }
    return distributionWorkload
  }

  private func shapesWorkload(_ layer: RunOptionLayer) -> Bool {
    layer[.workloadSpec] != nil || Self.tokenKeys.contains { layer[$0] != nil }
  }

  private static func copy(_ layer: RunOptionLayer, without keys: Set<RunOptionKey>) -> RunOptionLayer {
    var result = RunOptionLayer(origin: layer.origin)
    for (key, value) in layer.values where !keys.contains(key) { result.set(key, value, line: layer.lines[key]) }
    return result
  }
}
