import Foundation
@testable import BLISSim

/// The repository root (holds defaults.yaml, hardware_config.json, model_configs/).
let planningRepoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// Data files, a resolver that never reaches the network, and options resolved from `values`.
struct PlanningFixture {
  let files: DataFiles
  let resolver: ModelConfigResolver
  let options: ResolvedRunOptions

  init(_ values: [RunOptionKey: RunOptionValue]) throws {
    files = try DataFiles.load(directory: planningRepoRoot)
    var layer = RunOptionLayer(origin: .flags)
    for (k, v) in values { layer.set(k, v) }
    var rows: [String: RunOptionsContext.ModelDefaults] = [:]
    for (id, d) in files.defaults.defaults { rows[id] = .init(gpu: d.gpu, tensorParallelism: d.tensorParallelism) }
    options = try RunOptionsResolver.resolve(flags: layer, file: nil, context: RunOptionsContext(modelDefaults: rows))
    // No network in tests: an unreachable endpoint makes any fetch fail fast.
    resolver = ModelConfigResolver(dataDirectory: planningRepoRoot, hub: HuggingFaceHub(endpoint: URL(string: "http://127.0.0.1:9")!),
                                   knownModelIDs: files.canonicalModelIDs)
  }

  /// Llama-3.1-8B on H100 with the roofline; chat-like lengths.
  static func llama8B(_ extra: [RunOptionKey: RunOptionValue] = [:]) throws -> PlanningFixture {
    var values: [RunOptionKey: RunOptionValue] = [
      .model: .string("meta-llama/llama-3.1-8b-instruct"), .hardware: .string("H100"), .latencyModel: .string("roofline"),
      .promptTokens: .integer(512), .promptTokensStdev: .integer(128), .promptTokensMin: .integer(64),
      .promptTokensMax: .integer(2048), .outputTokens: .integer(128), .outputTokensStdev: .integer(32),
      .outputTokensMin: .integer(16), .outputTokensMax: .integer(512),
    ]
    for (k, v) in extra { values[k] = v }
    return try PlanningFixture(values)
  }

  func deployments(_ splits: [GPUSplit], kinds: [ResolvedRunOptions.LatencyModelChoice] = [.roofline]) throws -> PlanningDeployments {
    try PlanningDeployments.make(options: options, splits: splits, kinds: kinds, files: files, resolver: resolver)
  }
}

/// Small probes so searches stay fast in debug builds.
let quickSearch = CapacitySearchSettings(rateResolution: 0.05, minimumRequests: 300, minimumArrivalSeconds: 8)
