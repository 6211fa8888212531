import Foundation

/// Every run setting, declared once: adding a setting is one line here (plus its flag in the
/// CLI's option group, named after the property). The flag and config-file names, the parsing and
/// its error text, the precedence (flag > `--config` > the model's defaults.yaml row > built-in),
/// the provenance and the `--help` default all come from these declarations; the built-in default
/// is the field's initial value in `RunSettings` (or `EngineConfiguration` for engine fields).
///
/// Properties are found by reflection (`all`), in declaration order, the way swift-argument-parser
/// finds a command's `@Option`s.
public struct SettingsCatalog: Sendable {
  // Model & hardware
  public let model = Setting("model", \.model, .modelID, defaultNote: "none (required)")
  public let latencyModel = Setting("latency-model", \.latencyModel, .choice, shorthand: ("roofline", "roofline"))
  public let hardware = Setting("hardware", \.hardware, .name, fromModelRow: { $0.gpu })
  public let hardwareConfig = Setting("hardware-config", \.hardwareConfig, SettingParser<URL>.existing(folder: false).optional(),
                                      defaultNote: "hardware_config.json in the data folder")
  public let modelConfigFolder = Setting("model-config-folder", \.modelConfigFolder, SettingParser<URL>.existing(folder: true).optional(),
                                         defaultNote: "model_configs/, else fetched from the hub")
  public let tp = Setting("tp", \.tensorParallelism, .positiveInteger, aliases: ["tensor-parallelism"],
                          fromModelRow: { $0.tensorParallelism })
  public let vllmVersion = Setting("vllm-version", \.vllmVersion, SettingParser<String>.name.optional(),
                                   fromModelRow: { $0.vllmVersion }, defaultNote: "none")
  public let servingProfile = Setting("serving-profile", \.servingProfile, SettingParser<String>.name.optional(),
                                      defaultNote: "the profile covering --vllm-version, else serving_profiles.yaml's default")
  public let alphaCoeffs = Setting("alpha-coeffs", \.alphaCoefficients, SettingParser<[Double]>.coefficients.optional(),
                                   defaultNote: "the defaults.yaml coefficient row")
  public let betaCoeffs = Setting("beta-coeffs", \.betaCoefficients, SettingParser<[Double]>.coefficients.optional(),
                                  defaultNote: "the defaults.yaml coefficient row")

  // Workload
  public let rate = Setting("rate", \.workload.rateRequestsPerSecond,
                            .number("a finite number > 0 (requests per second)") { $0 > 0 })
  public let numRequests = Setting("num-requests", \.workload.numRequests, .positiveInteger)
  public let seed = Setting("seed", \.engine.seed, .seed)
  public let workload = Setting("workload", \.workload.preset, .workloadPreset)
  public let workloadSpec = Setting("workload-spec", \.workload.specFile, SettingParser<URL>.existing(folder: false).optional())
  public let promptTokens = Setting("prompt-tokens", \.workload.promptTokens.meanTokens, .tokens)
  public let promptTokensStdev = Setting("prompt-tokens-stdev", \.workload.promptTokens.stdevTokens, .tokenSpread)
  public let promptTokensMin = Setting("prompt-tokens-min", \.workload.promptTokens.minTokens, .tokens)
  public let promptTokensMax = Setting("prompt-tokens-max", \.workload.promptTokens.maxTokens, .tokens)
  public let outputTokens = Setting("output-tokens", \.workload.outputTokens.meanTokens, .tokens)
  public let outputTokensStdev = Setting("output-tokens-stdev", \.workload.outputTokens.stdevTokens, .tokenSpread)
  public let outputTokensMin = Setting("output-tokens-min", \.workload.outputTokens.minTokens, .tokens)
  public let outputTokensMax = Setting("output-tokens-max", \.workload.outputTokens.maxTokens, .tokens)
  public let arrival = Setting("arrival", \.workload.arrival, .choice)
  public let arrivalCV = Setting("arrival-cv", \.workload.arrivalCV, .number("a finite number > 0") { $0 > 0 })
  public let horizonSeconds = Setting("horizon-seconds", \.engine.horizon, .horizon, defaultNote: "until every request finishes")
  public let concurrency = Setting("concurrency", \.workload.concurrency,
                                   SettingParser<Int>.integer("a number of clients in 1...1000000") { (1...1_000_000).contains($0) }.optional(),
                                   defaultNote: "none (open loop)")
  public let thinkTimeMs = Setting("think-time-ms", \.workload.thinkTimeMilliseconds,
                                   .number("milliseconds in 0...86400000") { $0 >= 0 && $0 <= 86_400_000 })
  public let thinkTime = Setting("think-time", \.workload.thinkTime, .choice)

  // Engine
  public let maxNumSeqs = Setting("max-num-seqs", \.engine.maxNumSeqs, .positiveInteger, aliases: ["max-num-running-reqs"],
                                  defaultNote: "the serving profile's")
  public let maxNumBatchedTokens = Setting("max-num-batched-tokens", \.engine.maxNumBatchedTokens, .positiveInteger,
                                           aliases: ["max-num-scheduled-tokens"], defaultNote: "the serving profile's")
  public let longPrefillTokenThreshold = Setting("long-prefill-token-threshold", \.engine.longPrefillTokenThreshold,
                                                 .integer("an integer ≥ 0 (0 = off)") { $0 >= 0 })
  public let maxModelLen = Setting("max-model-len", \.engine.maxModelLen, SettingParser<Int>.positiveInteger.optional(),
                                   defaultNote: "the model's max_position_embeddings")
  public let blockSize = Setting("block-size", \.engine.blockSizeTokens,
                                 .integer("an integer ≥ 1 (tokens per KV block)") { $0 >= 1 }, aliases: ["block-size-in-tokens"])
  public let totalKVBlocks = Setting("total-kv-blocks", \.totalKVBlocks, SettingParser<Int>.positiveInteger.optional(),
                                     defaultNote: "computed from GPU memory, or the defaults.yaml row")
  public let gpuMemoryUtilization = Setting("gpu-memory-utilization", \.gpuMemoryUtilization,
                                            .number("a fraction in (0, 1]") { $0 > 0 && $0 <= 1 })
  public let enablePrefixCaching = Setting("enable-prefix-caching", \.engine.enablePrefixCaching, .bool,
                                           defaultNote: "the serving profile's")
  public let enableChunkedPrefill = Setting("enable-chunked-prefill", \.chunkedPrefill, SettingParser<Bool>.bool.optional(),
                                            defaultNote: "the serving profile's")
  public let numSchedulerSteps = Setting("num-scheduler-steps", \.numSchedulerSteps,
                                         SettingParser<Int>.integer("an integer in 1...64 (1 = off)") { (1...64).contains($0) }.optional(),
                                         defaultNote: "the serving profile's")

  // Cluster
  public let numInstances = Setting("num-instances", \.engine.instances, .positiveInteger, aliases: ["instances"])
  public let routingPolicy = Setting("routing-policy", \.engine.routing, .routingPolicy)

  // Planning
  public let sloTTFTP99Ms = Setting("slo-ttft-p99-ms", \.slo.ttftP99Ms, .latencyLimit)
  public let sloITLP99Ms = Setting("slo-itl-p99-ms", \.slo.itlP99Ms, .latencyLimit)
  public let sloE2EP99Ms = Setting("slo-e2e-p99-ms", \.slo.e2eP99Ms, .latencyLimit)

  public init() {}

  /// The one catalogue (its settings are values; this only saves rebuilding them).
  public static let shared = SettingsCatalog()

  /// Every setting, in declaration order.
  public static var all: [any AnySetting] { resolvable }

  static let resolvable: [any ResolvableSetting] =
    Mirror(reflecting: shared).children.compactMap { $0.value as? any ResolvableSetting }

  /// The name of `setting`: `\.maxNumSeqs` → `max-num-seqs`.
  public static func name<Value>(of setting: KeyPath<SettingsCatalog, Setting<Value>>) -> String {
    shared[keyPath: setting].name
  }

  /// The setting named `name` (canonical, alias or shorthand; kebab- or snake_case, any case).
  public static func setting(named name: String) -> (any AnySetting)? { resolvable(named: name) }

  static func resolvable(named raw: String) -> (any ResolvableSetting)? {
    var name = raw.lowercased().replacingOccurrences(of: "_", with: "-")
    while name.hasPrefix("-") { name.removeFirst() }
    return resolvable.first { $0.name == name || $0.aliases.contains(name) || $0.shorthand == name }
  }
}
