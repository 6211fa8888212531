import Foundation

/// A step-time model ready to simulate one deployment, with the KV capacity of one instance and
/// where every input came from.
public struct LatencySetup: Sendable {
  public let kind: ResolvedRunOptions.LatencyModelChoice
  public let model: any LatencyModel
  /// The parsed model config, when one was found (always for roofline).
  public let modelConfig: ModelConfig?
  public let hardware: HardwareSpec
  /// KV blocks of one instance (per GPU of its TP group: every GPU holds a shard of each block).
  public let kvBlocksPerInstance: Int
  /// Human lines: "model config: model_configs/…/config.json (bundled)", "hardware: H100 from …", …
  public let provenance: [String]
  /// Doubts about the inputs worth telling the user (e.g. blackbox coefficients that predict a
  /// step faster than the GPU can read the weights).
  public var warnings: [String] = []

  /// Builds the setup for `options` with latency model `kind` (defaults to `options.latencyModel`).
  ///
  /// Roofline needs the model config (resolved locally, else fetched from the hub); blackbox needs
  /// a coefficient row (or `--alpha-coeffs`/`--beta-coeffs`) and uses the model config, when one
  /// resolves, only for the KV capacity and the TP check. KV capacity is a property of the model on
  /// the GPU, not of the step-time model, so both models get the same capacity when the config is
  /// known; `--total-kv-blocks` overrides it.
  public static func make(options: ResolvedRunOptions, kind: ResolvedRunOptions.LatencyModelChoice? = nil,
                          files: DataFiles, resolver: ModelConfigResolver) throws -> LatencySetup {
    let kind = kind ?? options.latencyModel
    let gpu = options.hardware ?? "H100"
    let tp = options.tensorParallelism
    let hardware: HardwareSpec
    do { hardware = try files.hardware.spec(named: gpu) } catch {
      throw options.unknownName(.hardware, gpu, known: files.hardware.knownNames, what: "GPU")
    }
    var lines = ["hardware: \(hardware.name) from \(files.hardwarePath)"]
    let row = files.defaults.coefficients(model: options.modelKey, gpu: gpu, tp: tp, catalog: files.hardware)
    if kind == .blackbox, row == nil, options.alphaCoefficients == nil, options.betaCoefficients == nil {
      // Fail before resolving the model config: without coefficients there is nothing to run, and
      // resolving could mean a slow hub fetch. A local config still gets its more basic checks
      // first (TP divides the heads, the model fits), since those errors hold for any step-time model.
      if hasLocalConfig(options: options, files: files),
         let (config, _) = try? loadModelConfig(options: options, files: files, resolver: resolver) {
        try checkTensorParallelism(tp, config: config)
        _ = try KVCapacity.compute(model: config, hardware: hardware, tensorParallelism: tp,
                                   blockSizeTokens: options.blockSizeTokens,
                                   gpuMemoryUtilization: options.gpuMemoryUtilization,
                                   maxNumBatchedTokens: options.maxNumBatchedTokens, maxNumSeqs: options.maxNumSeqs)
      }
      throw noCoefficientsError(options: options, gpu: hardware.name, files: files)
    }

    let config: ModelConfig?
    do {
      let (parsed, line) = try loadModelConfig(options: options, files: files, resolver: resolver)
      config = parsed
      lines.append(line)
    } catch {
      // Blackbox uses the config only for the KV capacity, so a missing one is fine — unless the
      // user named the folder, in which case a broken config is an error worth reporting.
      if kind == .roofline || options.modelConfigFolder != nil { throw error }
      config = nil
    }
    if let config { try checkTensorParallelism(tp, config: config) }

    let model: any LatencyModel
    switch kind {
    case .roofline:
      guard let config else { preconditionFailure("roofline always has a model config here") }
      model = RooflineModel(model: config, hardware: hardware, tensorParallelism: tp, modelName: options.model)
      lines.append("roofline efficiencies: \(hardware.name) entry")
    case .blackbox:
      var coefficients = row
      if options.alphaCoefficients != nil || options.betaCoefficients != nil {
        coefficients = BlackboxCoefficients(alpha: options.alphaCoefficients ?? row?.alpha ?? [0, 0, 0],
                                            beta: options.betaCoefficients ?? row?.beta ?? [0, 0, 0],
                                            totalKVBlocks: row?.totalKVBlocks)
        lines.append("coefficients: --alpha-coeffs/--beta-coeffs\(row == nil ? "" : " over the defaults.yaml row")")
      } else if row != nil {
        lines.append("coefficients: defaults.yaml row \(options.modelKey) / \(hardware.name) / TP\(tp)")
      }
      guard let coefficients else { throw noCoefficientsError(options: options, gpu: hardware.name, files: files) }
      model = try BlackboxModel(coefficients: coefficients, label: "blackbox: \(options.model) on \(hardware.name) TP\(tp)")
    }

    let blocks: Int
    if let explicit = options.totalKVBlocks {
      blocks = explicit
      lines.append("KV blocks: \(explicit) per instance (--total-kv-blocks)")
    } else if let config {
      let capacity = try KVCapacity.compute(model: config, hardware: hardware, tensorParallelism: tp,
                                            blockSizeTokens: options.blockSizeTokens,
                                            gpuMemoryUtilization: options.gpuMemoryUtilization,
                                            maxNumBatchedTokens: options.maxNumBatchedTokens,
                                            maxNumSeqs: options.maxNumSeqs)
      blocks = capacity.blocks
      lines.append("KV blocks: \(blocks) per instance (from GPU memory × \(options.gpuMemoryUtilization))")
    } else if let fromRow = row?.totalKVBlocks {
      // The reference's rows count TP× the physical blocks for TP > 1 (see KVCapacity); divide back.
      blocks = max(1, fromRow / max(1, tp))
      lines.append("KV blocks: \(blocks) per instance (defaults.yaml row, no model config found)")
    } else {
      throw options.invalidValue(.totalKVBlocks, "unset", allowed: "a block count: no model config was found to compute the KV capacity")
    }
    var setup = LatencySetup(kind: kind, model: model, modelConfig: config, hardware: hardware,
                             kvBlocksPerInstance: blocks, provenance: lines)
    if kind == .blackbox, let config {
      setup.warnings += plausibilityWarnings(blackbox: model, config: config, hardware: hardware, tp: tp,
                                             label: "\(options.modelKey) / \(hardware.name) / TP\(tp)")
    }
    return setup
  }

  /// True when the model config is on disk (`--model-config-folder` or `model_configs/<name>/`),
  /// so resolving it needs no network.
  static func hasLocalConfig(options: ResolvedRunOptions, files: DataFiles) -> Bool {
    let lastPart = options.modelKey.split(separator: "/").last.map(String.init) ?? options.modelKey
    return options.modelConfigFolder != nil || files.bundledModels.contains { $0.lowercased() == lastPart }
  }

  /// Blackbox has no coefficients: an unknown-model error with close names when the model is
  /// known nowhere locally (and no `--model-config-folder` names it), else `noCoefficients`.
  static func noCoefficientsError(options: ResolvedRunOptions, gpu: String, files: DataFiles) -> DeploymentError {
    let lastPart = options.modelKey.split(separator: "/").last.map(String.init) ?? options.modelKey
    let known = files.knownModelNames.contains { $0.lowercased() == options.modelKey || $0.lowercased() == lastPart }
    if !known && options.modelConfigFolder == nil {
      let hint = NameSuggester(candidates: files.knownModelNames).didYouMean(options.model)
      return .unknownModel(model: options.model,
                           reason: "unknown model: no defaults.yaml coefficients or bundled config (--roofline fetches a hub model's config)",
                           suggestion: hint)
    }
    let available = files.defaults.models.filter { $0.id.lowercased() == options.modelKey }
      .map { "\($0.gpu) TP\($0.tensorParallelism)" }
    return .noCoefficients(model: options.model, gpu: gpu, tensorParallelism: options.tensorParallelism,
                           available: available)
  }

  /// Blackbox rows are fitted end to end and can be far from physical (some of the reference's
  /// TP > 1 rows predict decode steps of well under a millisecond for an 8B model). A one-request
  /// decode step cannot beat reading the weights, so compare with the roofline's estimate.
  static func plausibilityWarnings(blackbox: any LatencyModel, config: ModelConfig, hardware: HardwareSpec, tp: Int,
                                   label: String) -> [String] {
    let shape = BatchShape(decodeCount: 1, decodeContextTokensSum: 512)
    let physical = RooflineModel(model: config, hardware: hardware, tensorParallelism: tp).stepTime(for: shape)
    let fitted = blackbox.stepTime(for: shape)
    guard Double(fitted.microseconds) < 0.5 * Double(physical.microseconds) else { return [] }
    return ["blackbox row \(label) looks unphysical: a 1-request decode step of \(fitted.microseconds) µs, under "
      + "half the roofline's \(physical.microseconds) µs (the weights must be read every step); treat its "
      + "latencies with suspicion, or refit with blis calibrate"]
  }

  /// Resolves and parses the model config (folder, bundled cache, or hub fetch).
  static func loadModelConfig(options: ResolvedRunOptions, files: DataFiles,
                              resolver: ModelConfigResolver) throws -> (ModelConfig, String) {
    let file: ResolvedModelConfigFile
    do {
      file = try resolver.resolve(model: options.model, hfRepo: options.hfRepo, modelConfigFolder: options.modelConfigFolder) {
        _ = try ModelConfig.parse(data: $0, source: "config.json")
      }
    } catch {
      let hint = NameSuggester(candidates: files.knownModelNames).didYouMean(options.model)
      if case .notCachedAndNotARepo = error {
        throw DeploymentError.unknownModel(model: options.model, reason: "unknown model: no bundled config and not an owner/name hub id", suggestion: hint)
      }
      if case .notFoundOnHub(let repo, _) = error, !hint.isEmpty {
        throw DeploymentError.unknownModel(model: options.model, reason: "no such model on the hub (HTTP 404 for \(repo)) and no bundled config", suggestion: hint)
      }
      throw error
    }
    guard let data = FileManager.default.contents(atPath: file.fileURL.path) else {
      throw DeploymentError.missingFile(flag: "--model", path: file.fileURL.path)
    }
    let config = try ModelConfig.parse(data: data, source: file.fileURL.path)
    let origin: String
    switch file.origin {
    case .folder: origin = "--model-config-folder"
    case .localCache: origin = "bundled/cached"
    case .fetched(let url): origin = "fetched from \(url.absoluteString)"
    }
    return (config, "model config: \(file.fileURL.path) (\(origin))")
  }

  /// TP must divide the attention heads, and the KV heads must divide evenly (K % TP == 0) or be
  /// replicated (TP % K == 0), as vLLM requires.
  static func checkTensorParallelism(_ tp: Int, config: ModelConfig) throws {
    func ok(_ t: Int) -> Bool {
      config.heads % t == 0 && (config.kvHeads % t == 0 || t % max(1, config.kvHeads) == 0)
    }
    guard ok(tp) else {
      let allowed = (1...64).filter(ok)
      throw DeploymentError.tensorParallelismDoesNotDivide(tp: tp, heads: config.heads, kvHeads: config.kvHeads,
                                                           allowed: allowed)
    }
  }
}
