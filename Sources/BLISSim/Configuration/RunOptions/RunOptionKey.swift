/// Every setting of a run, named by its long command-line flag (without `--`). The same names
/// are the keys of a `--config` file, in kebab-case or snake_case.
public enum RunOptionKey: String, CaseIterable, Sendable, Hashable, Comparable {
  // Model & hardware
  case model, latencyModel = "latency-model", roofline, hardware, hardwareConfig = "hardware-config"
  case modelConfigFolder = "model-config-folder", tp, vllmVersion = "vllm-version"
  case alphaCoeffs = "alpha-coeffs", betaCoeffs = "beta-coeffs"
  // Workload
  case rate, numRequests = "num-requests", seed, workload, workloadSpec = "workload-spec"
  case promptTokens = "prompt-tokens", promptTokensStdev = "prompt-tokens-stdev"
  case promptTokensMin = "prompt-tokens-min", promptTokensMax = "prompt-tokens-max"
  case outputTokens = "output-tokens", outputTokensStdev = "output-tokens-stdev"
  case outputTokensMin = "output-tokens-min", outputTokensMax = "output-tokens-max"
  case arrival, arrivalCV = "arrival-cv", horizonSeconds = "horizon-seconds"
  case concurrency, thinkTimeMs = "think-time-ms", thinkTime = "think-time"
  // Engine
  case maxNumSeqs = "max-num-seqs", maxNumBatchedTokens = "max-num-batched-tokens"
  case longPrefillTokenThreshold = "long-prefill-token-threshold", maxModelLen = "max-model-len"
  case blockSize = "block-size", totalKVBlocks = "total-kv-blocks", gpuMemoryUtilization = "gpu-memory-utilization"
  case enablePrefixCaching = "enable-prefix-caching", enableChunkedPrefill = "enable-chunked-prefill"
  case numSchedulerSteps = "num-scheduler-steps"
  // Serving stack
  case servingProfile = "serving-profile"
  // Cluster
  case numInstances = "num-instances", routingPolicy = "routing-policy"
  // Output
  case resultsPath = "results-path", requestsOut = "requests-out", json, quiet

  /// What kind of value the setting takes.
  public enum Kind: Sendable, Equatable {
    case string, integer, number, bool, coefficients, inputFile, inputFolder, outputFile
    case choice([String])
  }

  public var kind: Kind {
    switch self {
    case .model, .hardware, .vllmVersion, .workload, .routingPolicy, .servingProfile: return .string
    case .latencyModel: return .choice(["roofline", "blackbox"])
    case .arrival: return .choice(["poisson", "constant", "gamma"])
    case .thinkTime: return .choice(["constant", "exponential"])
    case .roofline, .enablePrefixCaching, .enableChunkedPrefill, .json, .quiet: return .bool
    case .hardwareConfig, .workloadSpec: return .inputFile
    case .modelConfigFolder: return .inputFolder
    case .resultsPath, .requestsOut: return .outputFile
    case .alphaCoeffs, .betaCoeffs: return .coefficients
    case .rate, .arrivalCV, .horizonSeconds, .gpuMemoryUtilization, .thinkTimeMs: return .number
    case .tp, .numRequests, .seed, .promptTokens, .promptTokensStdev, .promptTokensMin, .promptTokensMax,
         .outputTokens, .outputTokensStdev, .outputTokensMin, .outputTokensMax, .maxNumSeqs, .maxNumBatchedTokens,
         .longPrefillTokenThreshold, .maxModelLen, .blockSize, .totalKVBlocks, .numInstances, .numSchedulerSteps,
         .concurrency:
      return .integer
    }
  }

  /// Other accepted names (reference flag names, defaults.yaml spellings), without `--`.
  public var aliases: [String] {
    switch self {
    case .maxNumSeqs: return ["max-num-running-reqs"]
    case .maxNumBatchedTokens: return ["max-num-scheduled-tokens"]
    case .blockSize: return ["block-size-in-tokens"]
    case .numInstances: return ["instances"]
    case .tp: return ["tensor-parallelism"]
    default: return []
    }
  }

  /// `--rate`.
  public var flag: String { "--" + rawValue }
  /// `rate`, `num_requests`: the snake_case spelling used in config files.
  public var snakeName: String { rawValue.replacingOccurrences(of: "-", with: "_") }

  /// The key for a config-file name: kebab-case or snake_case, any case, optional leading `--`,
  /// canonical names or aliases. `nil` when unknown.
  public init?(configName: String) {
    var name = configName.lowercased().replacingOccurrences(of: "_", with: "-")
    while name.hasPrefix("-") { name.removeFirst() }
    guard let key = Self.allCases.first(where: { $0.rawValue == name || $0.aliases.contains(name) }) else { return nil }
    self = key
  }

  public static func < (a: RunOptionKey, b: RunOptionKey) -> Bool { a.rawValue < b.rawValue }
}
