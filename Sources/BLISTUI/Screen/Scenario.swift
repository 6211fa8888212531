import BLISSim

/// How the dashboard's offered load evolves over a run.
enum LoadShape: String, Sendable, Hashable, Codable, CaseIterable {
  /// A constant rate: the run is judged like a capacity probe (keep-up and SLO p99s).
  case steady
  /// The rate rises from near zero to the scenario's rate over the arrival period, so the time
  /// series shows the knee where latency turns up.
  case ramp
}

/// One configuration to simulate: the dashboard's draft, or one split of the TP-vs-replication view.
///
/// This is the seam between the screen and the engine: `TUICommand` builds one from flags, the
/// reducer edits it, and a `ScenarioRunner` turns it (plus a step-time model) into a run.
struct Scenario: Sendable, Hashable, Codable {
  /// Model id as in `blis run --model` (lower case, e.g. `meta-llama/llama-3.1-8b-instruct`).
  var model: String
  /// GPU name as in `--hardware` (e.g. `H100`).
  var hardware: String
  var split: GPUSplit
  /// Aggregate arrival rate over the whole cluster, requests per second (the ramp's top rate).
  var rateRequestsPerSecond: Double
  /// Fewest requests of a dashboard run (`--num-requests` at launch).
  var minimumRequests: Int
  /// Each dashboard run covers at least this much simulated time of arrivals, like a capacity
  /// probe, so an overloaded deployment has time to show its growing queue.
  var arrivalSeconds: Double
  /// Workload preset name as in `--workload` (`chatbot`, `summarization`, …).
  var workload: String
  /// Routing policy name as in `--routing-policy`.
  var routingPolicy: String
  var seed: UInt64 = 42
  /// TTFT p99 and ITL p99 limits (the planner never sets an E2E limit).
  var slo = Scenario.defaultSLO
  var load = LoadShape.steady

  /// The planner's SLO until the user edits it.
  static let defaultSLO = LatencySLO(ttftP99Ms: 500, itlP99Ms: 50)
  /// The shortest arrival period of a dashboard run: the capacity probes' 60 s.
  static let defaultArrivalSeconds = CapacitySearchSettings.planner.minimumArrivalSeconds

  enum CodingKeys: String, CodingKey {
    case model, hardware, split, rateRequestsPerSecond = "rate_requests_per_s", minimumRequests = "minimum_requests"
    case arrivalSeconds = "arrival_s", workload, routingPolicy = "routing_policy", seed, slo, load
  }

  /// Requests of a steady dashboard run: max(`minimumRequests`, ⌈rate × `arrivalSeconds`⌉) — the
  /// capacity probes' rule, so the dashboard at a rate is the probe `blis capacity` runs there.
  var runRequests: Int {
    CapacitySearchSettings(minimumRequests: minimumRequests, minimumArrivalSeconds: arrivalSeconds)
      .requests(atRate: rateRequestsPerSecond)
  }

  /// The fields a deployment check depends on (model, GPU, workload, routing): the scenario with
  /// the split, rate, length, seed, SLO and load shape set to fixed values.
  var deployment: Scenario {
    var copy = self
    copy.split = GPUSplit(tensorParallelism: 1, instances: 1)
    copy.rateRequestsPerSecond = 1
    copy.minimumRequests = 1
    copy.arrivalSeconds = 1
    copy.seed = 0
    copy.slo = LatencySLO()
    copy.load = .steady
    return copy
  }

  /// The same scenario with the GPUs split differently.
  func withSplit(_ split: GPUSplit) -> Scenario {
    var copy = self
    copy.split = split
    return copy
  }

  /// A one-line description, e.g. `llama-3.1-8b-instruct · 8×H100 TP2×4 · 100 req/s · chatbot`.
  var headline: String {
    let shortModel = model.split(separator: "/").last.map(String.init) ?? model
    let rate = NumberFormat.compact(rateRequestsPerSecond) + " req/s" + (load == .ramp ? " ramp" : "")
    return "\(shortModel) · \(split.gpuCount)×\(hardware) \(split) · \(rate) · \(workload)"
  }
}
