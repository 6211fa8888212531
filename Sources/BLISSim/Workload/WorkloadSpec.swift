/// Inter-arrival process of a stage.
public enum ArrivalProcess: Sendable, Hashable, Codable {
  /// Exponential gaps (a Poisson process).
  case poisson
  /// Evenly spaced: one request every 1/rate seconds, the first at the stage start (the
  /// reference starts one interval in; starting at the boundary makes a stage of rate r and
  /// duration d hold exactly ⌈r·d⌉ requests).
  case constant
  /// Gamma-distributed gaps with coefficient of variation `cv` (burstier than Poisson if > 1).
  case gamma(cv: Double)
}

/// A period of constant mean arrival rate.
public struct WorkloadStage: Sendable, Hashable, Codable {
  /// Mean arrivals per second (> 0).
  public var ratePerSecond: Double
  /// Length of the stage; nil = unbounded (the run is then bounded by `numRequests`).
  public var durationSeconds: Double?
  /// Overrides the spec's default arrival process for this stage.
  public var arrival: ArrivalProcess?

  public init(ratePerSecond: Double, durationSeconds: Double?, arrival: ArrivalProcess? = nil) {
    self.ratePerSecond = ratePerSecond; self.durationSeconds = durationSeconds; self.arrival = arrival
  }
}

/// Shared prompt prefixes, inference-perf style: `groups × promptsPerGroup` distinct prompts,
/// each = its group's `prefixTokens` shared tokens + a question unique to the prompt (length from
/// `prompt_tokens`). Requests cycle through the prompts in order (group-major), so once every
/// prompt has been used, prompts repeat exactly.
public struct SharedPrefix: Sendable, Hashable, Codable {
  public var groups: Int
  public var promptsPerGroup: Int
  public var prefixTokens: Int
  public init(groups: Int, promptsPerGroup: Int, prefixTokens: Int) {
    self.groups = groups; self.promptsPerGroup = promptsPerGroup; self.prefixTokens = prefixTokens
  }
}

/// A synthetic workload: arrival stages, length distributions, optional shared prefixes.
/// Generation is streamed (`WorkloadGenerator`), never materialised.
public struct WorkloadSpec: Sendable, Hashable, Codable {
  /// Workload seed; nil = use the engine configuration's seed.
  public var seed: UInt64?
  /// Default arrival process of every stage.
  public var arrival: ArrivalProcess
  public var stages: [WorkloadStage]
  /// Cap on the total number of requests (nil = until the last stage ends).
  public var numRequests: Int?
  /// Prompt tokens after the shared prefix (the whole prompt without `sharedPrefix`).
  public var promptTokens: LengthDistribution
  public var outputTokens: LengthDistribution
  public var sharedPrefix: SharedPrefix?
  /// Clients that keep at most this many requests in flight (nil = open loop: requests arrive
  /// whatever the system does). With a closed loop a stage's rate may be infinite: clients then
  /// send as fast as their previous requests complete.
  public var closedLoop: ClosedLoop?

  public init(seed: UInt64? = nil, arrival: ArrivalProcess = .poisson, stages: [WorkloadStage],
              numRequests: Int? = nil, promptTokens: LengthDistribution, outputTokens: LengthDistribution,
              sharedPrefix: SharedPrefix? = nil, closedLoop: ClosedLoop? = nil) {
    self.seed = seed; self.arrival = arrival; self.stages = stages; self.numRequests = numRequests
    self.promptTokens = promptTokens; self.outputTokens = outputTokens; self.sharedPrefix = sharedPrefix
    self.closedLoop = closedLoop
  }

  /// `numRequests` requests at `ratePerSecond` (one unbounded stage).
  public init(seed: UInt64? = nil, arrival: ArrivalProcess = .poisson, ratePerSecond: Double, numRequests: Int,
              promptTokens: LengthDistribution, outputTokens: LengthDistribution, sharedPrefix: SharedPrefix? = nil) {
    self.init(seed: seed, arrival: arrival, stages: [WorkloadStage(ratePerSecond: ratePerSecond, durationSeconds: nil)],
              numRequests: numRequests, promptTokens: promptTokens, outputTokens: outputTokens,
              sharedPrefix: sharedPrefix)
  }

  /// Total requests if known in advance (a cap, or constant-rate bounded stages).
  public var expectedRequestCount: Int? {
    if let n = numRequests { return n }
    return nil
  }

  /// Returns `self` if valid, else throws a one-line `WorkloadError` naming the field.
  public func validated() throws -> WorkloadSpec {
    if stages.isEmpty { throw WorkloadError.missing(field: "stages", hint: "give `stages` or `rate` + `num_requests`") }
    try arrival.validate(field: "arrival")
    for (i, s) in stages.enumerated() {
      let unbounded = s.ratePerSecond == .infinity && closedLoop != nil
      if !((s.ratePerSecond.isFinite || unbounded) && s.ratePerSecond > 0) {
        throw WorkloadError.outOfRange(field: "stages[\(i)].rate", value: "\(s.ratePerSecond)", allowed: "> 0 req/s")
      }
      if let d = s.durationSeconds, !(d.isFinite && d > 0) {
        throw WorkloadError.outOfRange(field: "stages[\(i)].duration_s", value: "\(d)", allowed: "> 0 s")
      }
      if s.durationSeconds == nil && i != stages.count - 1 {
        throw WorkloadError.outOfRange(field: "stages[\(i)].duration_s", value: "(missing)",
                                       allowed: "required on every stage but the last")
      }
      try s.arrival?.validate(field: "stages[\(i)].arrival")
    }
    if let n = numRequests, n < 1 {
      throw WorkloadError.outOfRange(field: "num_requests", value: "\(n)", allowed: "≥ 1")
    }
    if numRequests == nil && stages.last?.durationSeconds == nil && closedLoop?.durationSeconds == nil {
      throw WorkloadError.missing(field: "num_requests", hint: "the last stage has no duration_s, so give num_requests")
    }
    _ = try closedLoop?.validated()
    try promptTokens.validate(field: "prompt_tokens")
    try outputTokens.validate(field: "output_tokens")
    if let p = sharedPrefix {
      if p.groups < 1 { throw WorkloadError.outOfRange(field: "shared_prefix.groups", value: "\(p.groups)", allowed: "≥ 1") }
      if p.promptsPerGroup < 1 {
        throw WorkloadError.outOfRange(field: "shared_prefix.prompts_per_group", value: "\(p.promptsPerGroup)",
                                       allowed: "≥ 1")
      }
      if p.prefixTokens < 0 {
        throw WorkloadError.outOfRange(field: "shared_prefix.prefix_tokens", value: "\(p.prefixTokens)", allowed: "≥ 0")
      }
    }
    return self
  }
}

extension ArrivalProcess {
  func validate(field: String) throws {
    if case .gamma(let cv) = self, !(cv.isFinite && cv > 0 && cv <= 100) {
      throw WorkloadError.outOfRange(field: "\(field).cv", value: "\(cv)", allowed: "0 < cv ≤ 100")
    }
  }
}

/// A bad workload spec, YAML or trace. The description is one line naming the field.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
  case unknownKey(key: String, in: String, allowed: [String])
  case outOfRange(field: String, value: String, allowed: String)
  case missing(field: String, hint: String)
  case malformed(field: String, detail: String)

  public var description: String {
    switch self {
    case .unknownKey(let key, let context, let allowed):
      return "workload: unknown key '\(key)' in \(context) (allowed: \(allowed.joined(separator: ", ")))"
    case .outOfRange(let field, let value, let allowed):
      return "workload: \(field) = \(value) is invalid (allowed: \(allowed))"
    case .missing(let field, let hint):
      return "workload: missing \(field): \(hint)"
    case .malformed(let field, let detail):
      return "workload: \(field): \(detail)"
    }
  }
}
