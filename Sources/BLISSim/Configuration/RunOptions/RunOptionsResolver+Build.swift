import Foundation

extension Merge {
  /// Reads every setting with its check, then the cross-setting rules.
  func build(model: String, hfRepo: String?, configFile: URL?) throws(RunOptionsError) -> ResolvedRunOptions {
    let positive = "an integer ≥ 1"
    let latency = ResolvedRunOptions.LatencyModelChoice(rawValue: try choice(.latencyModel) ?? "blackbox") ?? .blackbox
    let arrival = ResolvedRunOptions.ArrivalChoice(rawValue: try choice(.arrival) ?? "poisson") ?? .poisson

    var preset = try knownName(.workload, known: context.workloadPresets.isEmpty ? [] : ["distribution"] + context.workloadPresets,
                               what: "workload preset")
    if preset?.lowercased() == "distribution" { preset = nil }
    let seed = try integer(.seed, "an integer in 0...\(Int64.max)") { $0 >= 0 }!
    let horizonSeconds = try number(.horizonSeconds, "a number of seconds > 0 and < 9e12") { $0 >= 1e-6 && $0 < 9e12 }

    var options = ResolvedRunOptions(
      model: model,
      latencyModel: latency,
      hardware: try string(.hardware),
      hardwareConfigPath: try path(.hardwareConfig),
      modelConfigFolder: try path(.modelConfigFolder),
      tensorParallelism: try integer(.tp, positive) { $0 >= 1 }!,
      vllmVersion: try string(.vllmVersion),
      hfRepo: hfRepo,
      alphaCoefficients: try coefficients(.alphaCoeffs),
      betaCoefficients: try coefficients(.betaCoeffs),
      rateRequestsPerSecond: try number(.rate, "a finite number > 0 (requests per second)") { $0 > 0 }!,
      numRequests: try integer(.numRequests, positive) { $0 >= 1 }!,
      seed: UInt64(seed),
      workloadPreset: preset,
      workloadSpecPath: try path(.workloadSpec),
      promptTokens: try tokenLengths(.promptTokens, .promptTokensStdev, .promptTokensMin, .promptTokensMax),
      outputTokens: try tokenLengths(.outputTokens, .outputTokensStdev, .outputTokensMin, .outputTokensMax),
      arrival: arrival,
      arrivalCV: try number(.arrivalCV, "a finite number > 0") { $0 > 0 }!,
      horizon: horizonSeconds.map { SimDuration(microseconds: Int64(($0 * 1e6).rounded(.down))) },
      concurrency: try integer(.concurrency, "a number of clients in 1...1000000") { (1...1_000_000).contains($0) },
      thinkTimeMilliseconds: try number(.thinkTimeMs, "milliseconds in 0...86400000") { $0 >= 0 && $0 <= 86_400_000 } ?? 0,
      thinkTimeExponential: try choice(.thinkTime) == "exponential",
      maxNumSeqs: try integer(.maxNumSeqs, positive) { $0 >= 1 }!,
      maxNumBatchedTokens: try integer(.maxNumBatchedTokens, positive) { $0 >= 1 }!,
      longPrefillTokenThreshold: try integer(.longPrefillTokenThreshold, "an integer ≥ 0 (0 = off)") { $0 >= 0 }!,
      maxModelLen: try integer(.maxModelLen, positive) { $0 >= 1 },
      blockSizeTokens: try integer(.blockSize, "an integer ≥ 1 (tokens per KV block)") { $0 >= 1 }!,
      totalKVBlocks: try integer(.totalKVBlocks, positive) { $0 >= 1 },
      gpuMemoryUtilization: try number(.gpuMemoryUtilization, "a fraction in (0, 1]") { $0 > 0 && $0 <= 1 }!,
      enablePrefixCaching: try bool(.enablePrefixCaching),
      chunkedPrefill: entry(.enableChunkedPrefill) == nil ? nil : try bool(.enableChunkedPrefill),
      numSchedulerSteps: try integer(.numSchedulerSteps, "an integer in 1...64 (1 = off)") { (1...64).contains($0) },
      servingProfile: try string(.servingProfile),
      numInstances: try integer(.numInstances, positive) { $0 >= 1 }!,
      routingPolicy: try knownName(.routingPolicy, known: context.routingPolicies, what: "routing policy")!,
      resultsPath: try path(.resultsPath),
      requestsOutPath: try path(.requestsOut),
      json: try bool(.json),
      quiet: try bool(.quiet),
      configFile: configFile,
      sources: [:],
      places: [:],
      warnings: []
    )
    for key in RunOptionKey.allCases {
      let found = entry(key)
      options.sources[key] = found?.source ?? .builtin
      options.places[key] = found?.place ?? key.flag
    }
    try checkCombinations(options)
    options.warnings = warnings(for: options)
    return options
  }

  private func tokenLengths(_ mean: RunOptionKey, _ stdev: RunOptionKey, _ min: RunOptionKey,
                            _ max: RunOptionKey) throws(RunOptionsError) -> ResolvedRunOptions.TokenLengths {
    let lengths = ResolvedRunOptions.TokenLengths(
      meanTokens: try integer(mean, "an integer ≥ 1 (tokens)") { $0 >= 1 }!,
      stdevTokens: try integer(stdev, "an integer ≥ 0 (tokens)") { $0 >= 0 }!,
      minTokens: try integer(min, "an integer ≥ 1 (tokens)") { $0 >= 1 }!,
      maxTokens: try integer(max, "an integer ≥ 1 (tokens)") { $0 >= 1 }!)
    guard lengths.minTokens <= lengths.maxTokens else {
      throw invalid(min, "at most \(place(max)) = \(lengths.maxTokens)")
    }
    guard lengths.meanTokens >= lengths.minTokens, lengths.meanTokens <= lengths.maxTokens else {
      throw invalid(mean, "a mean within [\(lengths.minTokens), \(lengths.maxTokens)] (\(place(min)) … \(place(max)))")
    }
    return lengths
  }

  private func checkCombinations(_ options: ResolvedRunOptions) throws(RunOptionsError) {
    if options.workloadPreset != nil, options.workloadSpecPath != nil {
      throw .conflict(message: "\(place(.workload)) \(options.workloadPreset!) and \(place(.workloadSpec)) cannot be combined: the spec defines its own workload")
    }
    let tokenKeys: [RunOptionKey] = [.promptTokens, .promptTokensStdev, .promptTokensMin, .promptTokensMax,
                                     .outputTokens, .outputTokensStdev, .outputTokensMin, .outputTokensMax]
    if let tokenKey = tokenKeys.first(where: isExplicit) {
      if options.workloadSpecPath != nil {
        throw .conflict(message: "\(place(tokenKey)) shapes the default synthetic workload and cannot be combined with \(place(.workloadSpec))")
      }
      if let preset = options.workloadPreset {
        throw .conflict(message: "\(place(tokenKey)) shapes the default synthetic workload and cannot be combined with \(place(.workload)) \(preset) (which has its own lengths)")
      }
    }
    if options.concurrency == nil, let key = [RunOptionKey.thinkTimeMs, .thinkTime].first(where: isExplicit) {
      throw .conflict(message: "\(place(key)) applies to a closed loop: give --concurrency N as well")
    }
    if isExplicit(.arrivalCV), options.arrival != .gamma {
      throw .conflict(message: "\(place(.arrivalCV)) applies only to --arrival gamma, but the arrival process is \(options.arrival.rawValue)")
    }
    if let results = options.resultsPath, results == options.requestsOutPath {
      throw .conflict(message: "\(place(.resultsPath)) and \(place(.requestsOut)) name the same file \(results.path)")
    }
  }

  private func warnings(for options: ResolvedRunOptions) -> [String] {
    var notes: [String] = []
    if options.latencyModel == .roofline, isExplicit(.betaCoeffs) {
      notes.append("\(place(.betaCoeffs)) is ignored by the roofline model (it computes step times; only alpha overheads apply)")
    }
    if options.totalKVBlocks != nil, isExplicit(.totalKVBlocks), isExplicit(.gpuMemoryUtilization) {
      notes.append("\(place(.gpuMemoryUtilization)) is ignored because \(place(.totalKVBlocks)) fixes the KV cache size")
    }
    return notes
  }
}
