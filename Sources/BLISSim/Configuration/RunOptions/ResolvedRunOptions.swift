import Foundation

/// Where a resolved setting's value came from, for the run summary and warnings.
public enum RunOptionSource: String, Sendable, Equatable {
  /// An explicit command-line flag.
  case flag
  /// The `--config` file.
  case configFile = "config-file"
  /// The model's row in defaults.yaml `defaults:` (GPU, TP, vLLM version, hub repo).
  case modelDefaults = "defaults.yaml"
  /// The built-in default.
  case builtin
}

/// Every run setting after precedence (flag > `--config` file > defaults.yaml model defaults >
/// built-in default) and validation: plain values, units in names or types. Optional fields are
/// the ones whose absence means "decide later from the model / GPU / files" (see each field).
/// The lead maps this onto the engine and latency configurations.
public struct ResolvedRunOptions: Sendable, Equatable {
  public enum LatencyModelChoice: String, Sendable, Equatable, CaseIterable { case roofline, blackbox }
  public enum ArrivalChoice: String, Sendable, Equatable, CaseIterable { case poisson, constant, gamma }

  /// A token-length distribution: Gaussian mean/stdev, clamped to [min, max]. Validated:
  /// 1 ≤ min ≤ mean ≤ max, stdev ≥ 0.
  public struct TokenLengths: Sendable, Equatable {
    public var meanTokens: Int
    public var stdevTokens: Int
    public var minTokens: Int
    public var maxTokens: Int
    public init(meanTokens: Int, stdevTokens: Int, minTokens: Int, maxTokens: Int) {
      self.meanTokens = meanTokens
      self.stdevTokens = stdevTokens
      self.minTokens = minTokens
      self.maxTokens = maxTokens
    }
  }

  // Model & hardware
  /// The model id as given (case preserved); look-ups use `modelKey`.
  public var model: String
  public var latencyModel: LatencyModelChoice
  /// GPU name (e.g. "H100"); nil when neither flag, file nor defaults.yaml named one.
  public var hardware: String?
  public var hardwareConfigPath: URL?
  public var modelConfigFolder: URL?
  public var tensorParallelism: Int
  /// From defaults.yaml (or `--vllm-version`); part of the blackbox coefficient key.
  public var vllmVersion: String?
  /// From defaults.yaml `hf_repo` (case-preserving); nil → fetch by the model id.
  public var hfRepo: String?
  /// α0, α1, α2 (µs, µs/token, µs/token); nil → from defaults.yaml. ≥ 3 finite values ≥ 0.
  public var alphaCoefficients: [Double]?
  /// β coefficients; nil → from defaults.yaml. ≥ 3 finite values ≥ 0.
  public var betaCoefficients: [Double]?
  // Workload
  public var rateRequestsPerSecond: Double
  public var numRequests: Int
  public var seed: UInt64
  /// Preset name from defaults.yaml `workloads:`; nil = synthesise from the token flags.
  public var workloadPreset: String?
  public var workloadSpecPath: URL?
  public var promptTokens: TokenLengths
  public var outputTokens: TokenLengths
  public var arrival: ArrivalChoice
  /// Coefficient of variation for `gamma` arrivals (> 0; 1 = Poisson-like).
  public var arrivalCV: Double
  /// Simulated-time limit; nil = run until every request finished.
  public var horizon: SimDuration?
  /// Closed loop: this many clients, each sending its next request when the previous one completed
  /// (nil = open loop). Without an explicit `--rate` they send as fast as they get answers.
  public var concurrency: Int?
  /// A client's pause between its answer and its next request, ms (closed loop only).
  public var thinkTimeMilliseconds: Double
  /// Think times are constant, or exponential with that mean.
  public var thinkTimeExponential: Bool
  // Engine
  public var maxNumSeqs: Int
  public var maxNumBatchedTokens: Int
  /// Per-request prefill chunk cap in tokens; 0 = off.
  public var longPrefillTokenThreshold: Int
  /// nil → the model's `max_position_embeddings`.
  public var maxModelLen: Int?
  public var blockSizeTokens: Int
  /// nil → auto-calculated (roofline) or defaults.yaml / engine default.
  public var totalKVBlocks: Int?
  /// Fraction of GPU memory for weights + KV, in (0, 1].
  public var gpuMemoryUtilization: Double
  public var enablePrefixCaching: Bool
  /// vLLM `--enable-chunked-prefill`; nil → the serving profile's default.
  public var chunkedPrefill: Bool?
  /// vLLM 0.6 `--num-scheduler-steps` (multi-step scheduling); nil → the serving profile's default.
  public var numSchedulerSteps: Int?
  /// `--serving-profile` name; nil → chosen by an explicit `--vllm-version`, else the catalogue's default.
  public var servingProfile: String?
  // Cluster
  public var numInstances: Int
  public var routingPolicy: String
  // Output
  public var resultsPath: URL?
  public var requestsOutPath: URL?
  public var json: Bool
  public var quiet: Bool
  /// The `--config` file used, if any.
  public var configFile: URL?

  /// Where each setting came from. Every key has an entry.
  public var sources: [RunOptionKey: RunOptionSource]
  /// How messages name each set setting: `--tp`, `tp (run.yaml:4)`, `--tp (defaults.yaml entry
  /// for …)`. Use `place(of:)`.
  public var places: [RunOptionKey: String]
  /// Non-fatal remarks to print on stderr (e.g. settings the chosen model ignores).
  public var warnings: [String]

  /// The lower-cased model id used for defaults.yaml and coefficient look-ups.
  public var modelKey: String { model.lowercased() }

  /// The source of `key` (`.builtin` if somehow unrecorded).
  public func source(of key: RunOptionKey) -> RunOptionSource { sources[key] ?? .builtin }

  /// How an error message should name `key`, wherever its value came from.
  public func place(of key: RunOptionKey) -> String { places[key] ?? key.flag }

  /// An error for a check that needs more than the flags (the model, the GPU catalogue), in the
  /// same one-line form as the built-in checks, e.g.
  /// `invalidValue(.tp, "3", allowed: "a divisor of 32 attention heads and 8 KV heads: 1, 2, 4, 8")`.
  public func invalidValue(_ key: RunOptionKey, _ value: String, allowed: String) -> RunOptionsError {
    .invalidValue(place: place(of: key), value: value, allowed: allowed)
  }

  /// An error for a name that is not in `known` (e.g. a GPU missing from the hardware config),
  /// listing the known names and suggesting close ones.
  public func unknownName(_ key: RunOptionKey, _ value: String, known: [String], what: String) -> RunOptionsError {
    let suggester = NameSuggester(candidates: known)
    return invalidValue(key, value, allowed: "a known \(what): \(suggester.knownList())\(suggester.didYouMean(value))")
  }
}
