/// Summary of one latency distribution, in milliseconds.
public struct LatencyStats: Sendable, Hashable, Codable {
  public var count: Int
  public var meanMs: Double
  public var p50Ms: Double
  public var p90Ms: Double
  public var p95Ms: Double
  public var p99Ms: Double
  public var maxMs: Double

  public init(count: Int = 0, meanMs: Double = 0, p50Ms: Double = 0, p90Ms: Double = 0, p95Ms: Double = 0,
              p99Ms: Double = 0, maxMs: Double = 0) {
    self.count = count; self.meanMs = meanMs; self.p50Ms = p50Ms; self.p90Ms = p90Ms
    self.p95Ms = p95Ms; self.p99Ms = p99Ms; self.maxMs = maxMs
  }
  public static let empty = LatencyStats()

  enum CodingKeys: String, CodingKey {
    case count, meanMs = "mean_ms", p50Ms = "p50_ms", p90Ms = "p90_ms", p95Ms = "p95_ms", p99Ms = "p99_ms"
    case maxMs = "max_ms"
  }
}
