import Foundation

/// One deployment ready to simulate, resolved from `RunSettings` and the data files in small
/// typed steps: the GPU, the serving profile and the engine defaults it implies, the model
/// config, the TP check, the step-time model, the KV capacity of one instance, where each came
/// from, and doubts worth a warning.
///
/// KV capacity is a property of the model on the GPU, not of the step-time model, so both models
/// get the same capacity when the config is known; `--total-kv-blocks` overrides it.
public struct ResolvedDeployment: Sendable {
  /// The settings with the serving profile's engine defaults filled in (chunked prefill and the
  /// multi-step count decided): what the engine runs with.
  public let settings: RunSettings
  public let hardware: HardwareSpec
  /// The serving stack around the GPU (front end, engine loop, host CPU, output path), by profile.
  public let servingProfile: ServingProfile
  public let servingStack: ServingStack
  /// The parsed model config, when one was found (always for roofline).
  public let modelConfig: ModelConfig?
  public var tensorParallelism: Int { settings.tensorParallelism }
  public let stepTime: StepTimeModel
  /// KV blocks of one instance (per GPU of its TP group: every GPU holds a shard of each block).
  public let kvBlocksPerInstance: Int
  public let provenance: DeploymentProvenance
  /// Doubts about the inputs (e.g. blackbox coefficients faster than reading the weights).
  public let warnings: [RunWarning]

  /// Resolves the deployment of `requested` with step-time model `kind` (default: the settings').
  ///
  /// Roofline needs the model config (resolved locally, else fetched from the hub); blackbox needs
  /// a coefficient row (or `--alpha-coeffs`/`--beta-coeffs`) and uses the model config, when one
  /// resolves, only for the KV capacity, the TP check and the plausibility check.
  public static func resolve(_ requested: RunSettings, kind: LatencyModelChoice? = nil, files: DataFiles,
                             resolver: ModelConfigResolver) throws -> ResolvedDeployment {
    let kind = kind ?? requested.latencyModel
    let hardware = try hardware(of: requested, files: files)
    let profile = try servingProfile(of: requested, catalog: files.servingProfiles)
    var settings = try applyingEngineDefaults(requested, profile: profile, hardware: hardware, modelMaxLen: nil)
    let row = files.defaults.coefficients(model: settings.modelKey, gpu: settings.hardware, tp: settings.tensorParallelism,
                                          catalog: files.hardware)
    if kind == .blackbox, row == nil, settings.alphaCoefficients == nil, settings.betaCoefficients == nil {
      try failWithoutCoefficients(settings, hardware: hardware, files: files, resolver: resolver)
    }
    let config = try loadModelConfig(settings, required: kind == .roofline, files: files, resolver: resolver)
    if let modelMaxLen = config?.config.maxPositionEmbeddings, budgetFollowsModelLength(requested, effective: settings) {
      settings = try applyingEngineDefaults(requested, profile: profile, hardware: hardware, modelMaxLen: modelMaxLen)
    }
    if let config { try checkTensorParallelism(settings, config: config.config) }
    let stepTime = try makeStepTime(kind, settings, hardware: hardware, config: config?.config, row: row, files: files)
    let kv = try kvCapacity(settings, hardware: hardware, config: config?.config, row: row)
    let warnings = kind == .blackbox && config != nil
      ? plausibilityWarnings(stepTime.model, settings, hardware: hardware, config: config!.config) : []
    return ResolvedDeployment(
      settings: settings, hardware: hardware, servingProfile: profile,
      servingStack: servingStack(profile, stepTime: stepTime, settings: settings), modelConfig: config?.config,
      stepTime: stepTime, kvBlocksPerInstance: kv.blocks,
      provenance: DeploymentProvenance(hardwareFile: files.hardwarePath, modelConfig: config?.source,
                                       stepTime: stepTime.source, kvBlocks: kv.source),
      warnings: warnings)
  }
}

/// A step-time model and where its parameters came from.
public struct StepTimeModel: Sendable {
  public let kind: LatencyModelChoice
  public let model: any LatencyModel
  public let source: StepTimeSource
}
