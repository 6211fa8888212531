import Foundation
@testable import BLISSim

/// The repository root (holds defaults.yaml, hardware_config.json, model_configs/).
let planningRepoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// Data files, a resolver that never reaches the network, and settings resolved from `values`.
struct PlanningFixture {
  let files: DataFiles
  let resolver: ModelConfigResolver
  let settings: RunSettings

  init(_ values: [String: String]) throws {
    files = try DataFiles.load(directory: planningRepoRoot)
    settings = try SettingsResolver.resolve(flags: flagLayer(values), context: SettingsContext(defaults: files.defaults))
    // No network in tests: an unreachable endpoint makes any fetch fail fast.
    resolver = ModelConfigResolver(dataDirectory: planningRepoRoot, hub: HuggingFaceHub(endpoint: URL(string: "http://127.0.0.1:9")!))
  }

  /// Llama-3.1-8B on H100 with the roofline; chat-like lengths.
  static func llama8B(_ extra: [String: String] = [:]) throws -> PlanningFixture {
    let values = [
      "model": "meta-llama/llama-3.1-8b-instruct", "hardware": "H100", "latency-model": "roofline",
      "prompt-tokens": "512", "prompt-tokens-stdev": "128", "prompt-tokens-min": "64", "prompt-tokens-max": "2048",
      "output-tokens": "128", "output-tokens-stdev": "32", "output-tokens-min": "16", "output-tokens-max": "512",
    ]
    return try PlanningFixture(values.merging(extra) { _, new in new })
  }

  func deployments(_ splits: [GPUSplit], kinds: [LatencyModelChoice] = [.roofline]) throws -> PlanningDeployments {
    try PlanningDeployments.make(settings: settings, splits: splits, kinds: kinds, files: files, resolver: resolver)
  }
}

/// Small probes so searches stay fast in debug builds.
let quickSearch = CapacitySearchSettings(rateResolution: 0.05, minimumRequests: 300, minimumArrivalSeconds: 8)
