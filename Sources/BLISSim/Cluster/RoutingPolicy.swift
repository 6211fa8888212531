/// How the router picks an instance for each admitted request.
public enum RoutingPolicy: Sendable, Hashable, Codable {
  /// Instances in turn.
  case roundRobin
  /// Fewest outstanding (queued + running + in queueing delay) requests.
  case leastOutstandingRequests
  /// Lowest KV-cache utilisation.
  case leastKVUsage
  /// Longest prefix match in the router's per-instance block-hash index; ties → fewest outstanding.
  case prefixAffinity
  /// Highest Σ weight·score over the given scorers (weights are normalised to sum 1).
  case weighted([WeightedScorer])

  /// The reference's default weighted profile: prefix-affinity 3, queue-depth 2, kv-utilization 2.
  public static let defaultWeighted = RoutingPolicy.weighted([
    WeightedScorer(.prefixAffinity, weight: 3), WeightedScorer(.queueDepth, weight: 2),
    WeightedScorer(.kvUtilization, weight: 2),
  ])

  /// The policies' CLI names, one per policy, for `--help` and messages.
  public static let names = ["round-robin", "least-outstanding", "least-kv", "prefix-affinity", "weighted"]

  /// The CLI names `init(name:)` accepts (aliases included), for listings and suggestions.
  public static let knownNames = ["round-robin", "least-outstanding", "least-loaded", "least-kv", "least-kv-usage",
                                  "prefix-affinity", "weighted"]

  /// Parses a CLI name (`round-robin`, `least-outstanding`, `least-kv`, `prefix-affinity`,
  /// `weighted`) and, for `weighted`, a scorer list `name:weight,...` (empty → the default profile).
  public init(name: String, scorers: String = "") throws {
    switch name {
    case "round-robin": self = .roundRobin
    case "least-outstanding", "least-loaded": self = .leastOutstandingRequests
    case "least-kv", "least-kv-usage": self = .leastKVUsage
    case "prefix-affinity": self = .prefixAffinity
    case "weighted":
      self = scorers.isEmpty ? .defaultWeighted : .weighted(try WeightedScorer.parseList(scorers))
    default:
      throw EngineConfigurationError(field: "routing_policy", value: name,
                                     allowed: Self.names.joined(separator: ", "))
    }
  }

  /// The CLI name of the policy (`init(name:)` parses it back; `weighted` keeps its scorers apart).
  public var name: String {
    switch self {
    case .roundRobin: return "round-robin"
    case .leastOutstandingRequests: return "least-outstanding"
    case .leastKVUsage: return "least-kv"
    case .prefixAffinity: return "prefix-affinity"
    case .weighted: return "weighted"
    }
  }

  func validate() throws {
    guard case .weighted(let scorers) = self else { return }
    if scorers.isEmpty {
      throw EngineConfigurationError(field: "routing_scorers", value: "(empty)", allowed: "at least one name:weight")
    }
    var names = Set<Scorer>()
    for s in scorers {
      if !(s.weight.isFinite && s.weight > 0) {
        throw EngineConfigurationError(field: "routing_scorers", value: "\(s.scorer.rawValue):\(s.weight)",
                                       allowed: "weights finite and > 0")
      }
      if !names.insert(s.scorer).inserted {
        throw EngineConfigurationError(field: "routing_scorers", value: s.scorer.rawValue, allowed: "each scorer once")
      }
    }
  }

  /// A scorer of the weighted policy: each maps an instance to a score in [0, 1], higher is better.
  public enum Scorer: String, Sendable, Hashable, Codable, CaseIterable {
    /// Min-max normalised outstanding requests: (max − load) / (max − min), all 1 when equal.
    case queueDepth = "queue-depth"
    /// 1 − KV utilisation.
    case kvUtilization = "kv-utilization"
    /// 1 / (1 + outstanding requests).
    case loadBalance = "load-balance"
    /// Fraction of the prompt's full blocks found, in order, in the router's index for the instance.
    case prefixAffinity = "prefix-affinity"
  }

  public struct WeightedScorer: Sendable, Hashable, Codable {
    public var scorer: Scorer
    public var weight: Double
    public init(_ scorer: Scorer, weight: Double) { self.scorer = scorer; self.weight = weight }

    /// Parses `name:weight,name:weight`.
    public static func parseList(_ text: String) throws -> [WeightedScorer] {
      try text.split(separator: ",").map { item in
        let parts = item.split(separator: ":", omittingEmptySubsequences: false)
        let allowed = "name:weight with name in " + Scorer.allCases.map(\.rawValue).joined(separator: ", ")
        guard parts.count == 2, let scorer = Scorer(rawValue: String(parts[0]).trimmingSpaces),
              let weight = Double(String(parts[1]).trimmingSpaces)
        else { throw EngineConfigurationError(field: "routing_scorers", value: String(item), allowed: allowed) }
        return WeightedScorer(scorer, weight: weight)
      }
    }
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
