/// Which serving profile a run uses, and the engine settings it implies.
extension RunPlan {
  /// `--serving-profile` when given; else the profile covering an explicitly given `--vllm-version`
  /// (flag or config file: a defaults.yaml row's version only keys blackbox coefficients); else the
  /// catalogue's default.
  public static func servingProfile(for o: ResolvedRunOptions, catalog: ServingProfileCatalog) throws -> ServingProfile {
    if let name = o.servingProfile {
      do { return try catalog.profile(named: name) } catch {
        throw o.invalidValue(.servingProfile, name, allowed: "a serving profile: " + catalog.names.joined(separator: ", "))
      }
    }
    let versionSource = o.source(of: .vllmVersion)
    if let version = o.vllmVersion, versionSource == .flag || versionSource == .configFile {
      do { return try catalog.profile(forVersion: version) } catch {
        let ranges = catalog.profiles.map { "\($0.name) \($0.versions)" }.joined(separator: "; ")
        throw o.invalidValue(.vllmVersion, version, allowed: "a version a serving profile covers (\(ranges))")
      }
    }
    return catalog.defaultProfile
  }

  /// `o` with the profile's engine defaults (on `hardware`) for the settings the user left at their
  /// built-in values: max-num-seqs, max-num-batched-tokens, prefix caching, chunked prefill and the
  /// multi-step count. Without chunked prefill the token budget is max(max-model-len, the profile's
  /// minimum), as in vLLM, so `modelMaxLen` (the model's context length) is needed then.
  static func applyingEngineDefaults(_ o: ResolvedRunOptions, profile: ServingProfile, hardware: HardwareSpec,
                                     modelMaxLen: Int?) throws -> ResolvedRunOptions {
    var e = o
    let d = profile.engineDefaults
    let chunked = o.chunkedPrefill ?? d.chunkedPrefill
    e.chunkedPrefill = chunked
    if o.source(of: .maxNumSeqs) == .builtin { e.maxNumSeqs = d.maxNumSeqs(on: hardware) }
    if o.source(of: .maxNumBatchedTokens) == .builtin {
      e.maxNumBatchedTokens = d.maxNumBatchedTokens(on: hardware, chunkedPrefill: chunked,
                                                    maxModelLen: o.maxModelLen ?? modelMaxLen)
    }
    if o.source(of: .enablePrefixCaching) == .builtin { e.enablePrefixCaching = d.prefixCaching }
    let steps = o.numSchedulerSteps ?? profile.engineLoop.multiStep
    e.numSchedulerSteps = steps
    if steps > 1 && (profile.engineLoop.mode != .sync || chunked) {
      throw o.invalidValue(.numSchedulerSteps, "\(steps)",
                           allowed: "1 with serving profile \(profile.name)\(chunked ? " and chunked prefill" : ""): multi-step scheduling is vLLM 0.6's (--serving-profile vllm-0.6 --no-enable-chunked-prefill)")
    }
    return e
  }
}
