import Foundation

/// Every run setting after precedence (flag > `--config` file > the model's defaults.yaml row >
/// built-in default) and validation, as typed values, with where each came from.
///
/// The initial values ARE the built-in defaults (`RunSettings()`); `SettingsCatalog` says how
/// each flag or config key reaches a field. Fields that the model, the GPU or the files decide
/// later are optional (see each). The engine and cluster settings live directly in `engine`,
/// the configuration the simulation runs with; the deployment step fills in its KV capacity and
/// `max_model_len`.
public struct RunSettings: Sendable, Equatable {
  // Model & hardware
  /// The model id as given (case preserved); look-ups use `modelKey`.
  public var model = ""
  public var latencyModel: LatencyModelChoice = .blackbox
  /// GPU name; the built-in default GPU of every command is this one.
  public var hardware = "H100"
  /// A hardware catalogue replacing the data folder's `hardware_config.json`.
  public var hardwareConfig: URL?
  /// A folder holding the model's `config.json`.
  public var modelConfigFolder: URL?
  public var tensorParallelism = 1
  /// Part of the blackbox coefficient key (from defaults.yaml or `--vllm-version`); given
  /// explicitly it also picks the serving profile that covers it.
  public var vllmVersion: String?
  /// The serving stack around the GPU, by name in `serving_profiles.yaml`; nil → the profile
  /// covering an explicit `--vllm-version`, else the file's default.
  public var servingProfile: String?
  /// α0, α1, α2 (µs, µs/token, µs/token); nil → the defaults.yaml row.
  public var alphaCoefficients: [Double]?
  /// β coefficients; nil → the defaults.yaml row.
  public var betaCoefficients: [Double]?
  /// The case-preserving hub repo from defaults.yaml `hf_repo` (not a flag); nil → the model id.
  public var hfRepo: String?

  // Workload
  public var workload = WorkloadSettings()

  // KV cache
  /// KV blocks per instance; nil → computed from GPU memory (or the defaults.yaml row).
  public var totalKVBlocks: Int?
  /// Fraction of GPU memory for weights + KV, in (0, 1].
  public var gpuMemoryUtilization = 0.9

  // Engine & cluster (instances, scheduler limits, prefix caching, routing, seed, horizon).
  // max-num-seqs, max-num-batched-tokens and prefix caching left at their built-in values take the
  // serving profile's defaults instead (`ResolvedDeployment`).
  public var engine = EngineConfiguration()
  /// vLLM `--enable-chunked-prefill`; nil → the serving profile's default.
  public var chunkedPrefill: Bool?
  /// vLLM 0.6 `--num-scheduler-steps` (multi-step scheduling); nil → the serving profile's.
  public var numSchedulerSteps: Int?

  // Planning
  /// Latency limits (`blis capacity`); empty = none.
  public var slo = LatencySLO()

  // Provenance
  /// Where each setting came from, by setting name (`tp`, `rate`, …). Every setting has an entry.
  public var provenance: [String: SettingProvenance] = [:]
  /// Non-fatal remarks about the settings (the CLI words them).
  public var warnings: [RunWarning] = []
  /// The `--config` file used, if any.
  public var configFile: URL?

  /// The built-in defaults.
  public init() {}

  /// The lower-cased model id used for defaults.yaml and coefficient look-ups.
  public var modelKey: String { model.lowercased() }
  /// The master seed (engine streams and the default workload seed).
  public var seed: UInt64 { engine.seed }
}
