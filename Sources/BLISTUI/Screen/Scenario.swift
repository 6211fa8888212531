import BLISSim

/// Which step-time model a run uses.
enum LatencyKind: String, Sendable, Hashable, CaseIterable, Codable {
  case roofline
  case blackbox
}

/// Latency objectives the screen colours against (green within, yellow ≥ 80 % of the limit, red over).
struct ServiceLevelObjective: Sendable, Hashable, Codable {
  var ttftP99Ms: Double = 500
  var itlP99Ms: Double = 50

  /// The share of a limit above which a value counts as "close".
  static let closeFraction = 0.8

  enum CodingKeys: String, CodingKey { case ttftP99Ms = "ttft_p99_ms", itlP99Ms = "itl_p99_ms" }
}

/// One configuration to simulate: the dashboard's draft, or one split of the TP-vs-replication view.
///
/// This is the seam between the screen and the engine: `TUICommand` builds one from flags,
/// the reducer edits it, and a `ScenarioRunner` turns it (plus a `LatencyKind`) into a run.
struct Scenario: Sendable, Hashable, Codable {
  /// Model id as in `blis run --model` (lower case, e.g. `meta-llama/llama-3.1-8b-instruct`).
  var model: String
  /// GPU name as in `--hardware` (e.g. `H100`).
  var hardware: String
  var tensorParallelism: Int
  var instances: Int
  /// Aggregate arrival rate over the whole cluster, requests per second.
  var rateRequestsPerSecond: Double
  var numRequests: Int
  /// Workload preset name as in `--workload` (`chatbot`, `summarization`, …).
  var workload: String
  /// Routing policy name as in `--routing-policy`.
  var routingPolicy: String
  var seed: UInt64 = 42
  var slo = ServiceLevelObjective()

  enum CodingKeys: String, CodingKey {
    case model, hardware, tensorParallelism = "tensor_parallelism", instances
    case rateRequestsPerSecond = "rate_requests_per_s", numRequests = "num_requests", workload
    case routingPolicy = "routing_policy", seed, slo
  }

  /// GPUs the scenario occupies: TP × instances.
  var gpuCount: Int { tensorParallelism * instances }

  /// The same scenario with the GPU budget split differently.
  func withSplit(tensorParallelism: Int, instances: Int) -> Scenario {
    var copy = self
    copy.tensorParallelism = tensorParallelism
    copy.instances = instances
    return copy
  }

  /// A one-line description, e.g. `llama-3.1-8b-instruct · H100 · TP2 × 4 · 100 req/s`.
  var headline: String {
    let shortModel = model.split(separator: "/").last.map(String.init) ?? model
    return "\(shortModel) · \(hardware) · TP\(tensorParallelism) × \(instances) · "
      + "\(NumberFormat.compact(rateRequestsPerSecond)) req/s · \(workload)"
  }
}
