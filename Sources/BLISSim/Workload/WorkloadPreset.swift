/// The reference's named workloads, built in (the reference kept them in its defaults.yaml
/// `workloads:`): Gaussian prompt and output lengths with its mean / stdev / min / max.
public enum WorkloadPreset: String, Sendable, Hashable, Codable, CaseIterable {
  case chatbot, contentgen, summarization, multidoc

  public var promptTokens: LengthDistribution {
    switch self {
    case .chatbot: return .normal(mean: 256, stdev: 100, min: 2, max: 800)
    case .contentgen: return .normal(mean: 1024, stdev: 150, min: 10, max: 2048)
    case .summarization: return .normal(mean: 4096, stdev: 500, min: 100, max: 8192)
    case .multidoc: return .normal(mean: 10240, stdev: 1200, min: 500, max: 20480)
    }
  }

  public var outputTokens: LengthDistribution {
    switch self {
    case .chatbot: return .normal(mean: 256, stdev: 100, min: 1, max: 1024)
    case .contentgen: return .normal(mean: 1024, stdev: 200, min: 10, max: 2048)
    case .summarization: return .normal(mean: 512, stdev: 150, min: 10, max: 2048)
    case .multidoc: return .normal(mean: 1536, stdev: 300, min: 50, max: 4096)
    }
  }

  /// The preset as a spec: `numRequests` Poisson arrivals at `ratePerSecond`.
  public func spec(ratePerSecond: Double, numRequests: Int, seed: UInt64? = nil) -> WorkloadSpec {
    WorkloadSpec(seed: seed, ratePerSecond: ratePerSecond, numRequests: numRequests, promptTokens: promptTokens,
                 outputTokens: outputTokens)
  }
}
