extension ResolvedDeployment {
  /// The step-time model: the roofline of the config on the GPU, or the blackbox coefficients
  /// (`--alpha-coeffs`/`--beta-coeffs` over the defaults.yaml row).
  static func makeStepTime(_ kind: LatencyModelChoice, _ s: RunSettings, hardware: HardwareSpec, config: ModelConfig?,
                           row: BlackboxCoefficients?, files: DataFiles) throws -> StepTimeModel {
    let tp = s.tensorParallelism
    switch kind {
    case .roofline:
      guard let config else { preconditionFailure("roofline always has a model config here") }
      return StepTimeModel(kind: kind, model: RooflineModel(model: config, hardware: hardware, tensorParallelism: tp,
                                                            modelName: s.model),
                           source: .rooflineEntry(gpu: hardware.name))
    case .blackbox:
      let coefficients: BlackboxCoefficients
      let source: StepTimeSource
      if s.alphaCoefficients != nil || s.betaCoefficients != nil {
        coefficients = BlackboxCoefficients(alpha: s.alphaCoefficients ?? row?.alpha ?? [0, 0, 0],
                                            beta: s.betaCoefficients ?? row?.beta ?? [0, 0, 0],
                                            totalKVBlocks: row?.totalKVBlocks)
        source = .coefficientFlags(overRow: row != nil)
      } else if let row {
        coefficients = row
        source = .coefficientRow(model: s.modelKey, gpu: hardware.name, tensorParallelism: tp)
      } else {
        throw noCoefficientsError(s, gpu: hardware.name, files: files)
      }
      let model = try BlackboxModel(coefficients: coefficients, label: "blackbox: \(s.model) on \(hardware.name) TP\(tp)")
      return StepTimeModel(kind: kind, model: model, source: source)
    }
  }

  /// Blackbox without coefficients fails before the model config is resolved: there is nothing
  /// to run, and resolving could mean a slow hub fetch. A local config still gets its more basic
  /// checks first (TP divides the heads, the model fits), since those hold for any step-time model.
  static func failWithoutCoefficients(_ s: RunSettings, hardware: HardwareSpec, files: DataFiles,
                                      resolver: ModelConfigResolver) throws -> Never {
    if hasLocalConfig(s, files: files), let loaded = try? loadModelConfig(s, files: files, resolver: resolver) {
      try checkTensorParallelism(s, config: loaded.config)
      _ = try kvCapacity(s, hardware: hardware, config: loaded.config)
    }
    throw noCoefficientsError(s, gpu: hardware.name, files: files)
  }

  /// An unknown-model error with close names when the model is known nowhere locally (and no
  /// `--model-config-folder` names it), else `noCoefficients` listing the rows that do exist.
  static func noCoefficientsError(_ s: RunSettings, gpu: String, files: DataFiles) -> DeploymentError {
    let lastPart = lastPart(of: s.modelKey)
    let known = files.knownModelNames.contains { $0.lowercased() == s.modelKey || $0.lowercased() == lastPart }
    if !known && s.modelConfigFolder == nil {
      let hint = NameSuggester(candidates: files.knownModelNames).didYouMean(s.model)
      return .unknownModel(model: s.model,
                           reason: "unknown model: no defaults.yaml coefficients or bundled config (--roofline fetches a hub model's config)",
                           suggestion: hint)
    }
    let available = files.defaults.models.filter { $0.id.lowercased() == s.modelKey }.map { "\($0.gpu) TP\($0.tensorParallelism)" }
    return .noCoefficients(model: s.model, gpu: gpu, tensorParallelism: s.tensorParallelism, available: available)
  }

  /// Blackbox rows are fitted end to end and can be far from physical (some of the reference's
  /// TP > 1 rows predict decode steps of well under a millisecond for an 8B model). A one-request
  /// decode step cannot beat reading the weights, so compare with the roofline's estimate.
  static func plausibilityWarnings(_ blackbox: any LatencyModel, _ s: RunSettings, hardware: HardwareSpec,
                                   config: ModelConfig) -> [RunWarning] {
    let shape = BatchShape(decodeCount: 1, decodeContextTokensSum: 512)
    let physical = RooflineModel(model: config, hardware: hardware, tensorParallelism: s.tensorParallelism).stepTime(for: shape)
    let fitted = blackbox.stepTime(for: shape)
    guard Double(fitted.microseconds) < 0.5 * Double(physical.microseconds) else { return [] }
    return [.unphysicalBlackbox(model: s.modelKey, gpu: hardware.name, tensorParallelism: s.tensorParallelism,
                                fittedMicros: fitted.microseconds, physicalMicros: physical.microseconds)]
  }
}
