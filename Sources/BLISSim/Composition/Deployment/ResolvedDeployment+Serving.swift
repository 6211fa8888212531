extension ResolvedDeployment {
  /// `--serving-profile` when given; else the profile covering an explicitly given
  /// `--vllm-version` (flag or config file: a defaults.yaml row's version only keys blackbox
  /// coefficients); else the catalogue's default.
  public static func servingProfile(of s: RunSettings, catalog: ServingProfileCatalog) throws(SettingsError) -> ServingProfile {
    if let name = s.servingProfile {
      do { return try catalog.profile(named: name) } catch {
        throw s.invalidValue(\.servingProfile, name, allowed: "a serving profile: " + catalog.names.joined(separator: ", "))
      }
    }
    if let version = s.vllmVersion, s.isExplicit(\.vllmVersion) {
      do { return try catalog.profile(forVersion: version) } catch {
        let ranges = catalog.profiles.map { "\($0.name) \($0.versions)" }.joined(separator: "; ")
        throw s.invalidValue(\.vllmVersion, version, allowed: "a version a serving profile covers (\(ranges))")
      }
    }
    return catalog.defaultProfile
  }

  /// `s` with the profile's engine defaults (on `hardware`) for the settings the user left at
  /// their built-in values: max-num-seqs, max-num-batched-tokens, prefix caching, chunked prefill
  /// and the multi-step count. Without chunked prefill the token budget is max(max-model-len, the
  /// profile's minimum), as in vLLM, so `modelMaxLen` (the model's context length) is needed then.
  static func applyingEngineDefaults(_ s: RunSettings, profile: ServingProfile, hardware: HardwareSpec,
                                     modelMaxLen: Int?) throws(SettingsError) -> RunSettings {
    var e = s
    let d = profile.engineDefaults
    let chunked = s.chunkedPrefill ?? d.chunkedPrefill
    e.chunkedPrefill = chunked
    if s.source(of: \.maxNumSeqs) == .builtin { e.engine.maxNumSeqs = d.maxNumSeqs(on: hardware) }
    if s.source(of: \.maxNumBatchedTokens) == .builtin {
      e.engine.maxNumBatchedTokens = d.maxNumBatchedTokens(on: hardware, chunkedPrefill: chunked,
                                                           maxModelLen: s.engine.maxModelLen ?? modelMaxLen)
    }
    if s.source(of: \.enablePrefixCaching) == .builtin { e.engine.enablePrefixCaching = d.prefixCaching }
    let steps = s.numSchedulerSteps ?? profile.engineLoop.multiStep
    e.numSchedulerSteps = steps
    if steps > 1 && (profile.engineLoop.mode != .sync || chunked) {
      throw s.invalidValue(\.numSchedulerSteps, "\(steps)",
                           allowed: "1 with serving profile \(profile.name)\(chunked ? " and chunked prefill" : ""): multi-step scheduling is vLLM 0.6's (--serving-profile vllm-0.6 --no-enable-chunked-prefill)")
    }
    return e
  }

  /// Without chunked prefill and with the budget and max-model-len left to the defaults, the
  /// budget follows the model's context length, which only its config knows.
  static func budgetFollowsModelLength(_ requested: RunSettings, effective: RunSettings) -> Bool {
    effective.chunkedPrefill == false && requested.source(of: \.maxNumBatchedTokens) == .builtin
      && requested.engine.maxModelLen == nil
  }

  /// The serving stack the engine runs: the profile's, or for blackbox the profile's scheduling
  /// with the row's own α costs.
  static func servingStack(_ profile: ServingProfile, stepTime: StepTimeModel, settings: RunSettings) -> ServingStack {
    if stepTime.kind == .blackbox, let blackbox = stepTime.model as? BlackboxModel {
      return profile.blackboxStack(alpha: blackbox.coefficients.alpha, multiStep: settings.numSchedulerSteps)
    }
    return profile.stack(tensorParallelism: settings.tensorParallelism, multiStep: settings.numSchedulerSteps)
  }
}
