/// Which requests the cluster accepts.
public enum AdmissionPolicy: Sendable, Hashable, Codable {
  /// Accept every request.
  case alwaysAdmit
  /// A token bucket over prompt tokens: it starts full at `capacityTokens`, refills at
  /// `refillTokensPerSecond` (capped at capacity); a request is admitted iff the bucket holds at
  /// least its prompt length, which is then removed.
  case tokenBucket(capacityTokens: Double, refillTokensPerSecond: Double)

  /// Parses a CLI name: `always-admit` or `token-bucket` (with the two bucket parameters).
  public init(name: String, capacityTokens: Double = 10_000, refillTokensPerSecond: Double = 1_000) throws {
    switch name {
    case "always-admit", "always": self = .alwaysAdmit
    case "token-bucket":
      self = .tokenBucket(capacityTokens: capacityTokens, refillTokensPerSecond: refillTokensPerSecond)
    default:
      throw EngineConfigurationError(field: "admission_policy", value: name, allowed: "always-admit, token-bucket")
    }
  }

  func validate() throws {
    if case .tokenBucket(let capacity, let rate) = self {
      if !(capacity.isFinite && capacity > 0) {
        throw EngineConfigurationError(field: "token_bucket_capacity", value: "\(capacity)", allowed: "> 0")
      }
      if !(rate.isFinite && rate > 0) {
        throw EngineConfigurationError(field: "token_bucket_refill_rate", value: "\(rate)", allowed: "> 0 tokens/s")
      }
    }
  }
}

/// The admission policy's state (the bucket level).
struct AdmissionController: Sendable {
  let policy: AdmissionPolicy
  private var tokens: Double
  private var lastRefill: SimTime = .zero

  init(policy: AdmissionPolicy) {
    self.policy = policy
    if case .tokenBucket(let capacity, _) = policy { tokens = capacity } else { tokens = 0 }
  }

  /// Decides on a request with `promptTokens` arriving at `now`.
  mutating func admit(promptTokens: Int, at now: SimTime) -> Bool {
    switch policy {
    case .alwaysAdmit:
      return true
    case .tokenBucket(let capacity, let rate):
      let elapsed = Double(now.microseconds - lastRefill.microseconds)
      tokens = min(capacity, tokens + elapsed * rate / 1e6)
      lastRefill = now
      let cost = Double(promptTokens)
      guard tokens >= cost else { return false }
      tokens -= cost
      return true
    }
  }
}
