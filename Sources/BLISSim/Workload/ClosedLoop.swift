/// A fixed number of clients, each sending its next request when its previous one has completed
/// (plus a think time): the load `vllm bench serve --max-concurrency N` and most load testers
/// generate. A request is sent at max(its planned arrival, a client becoming free), so with an
/// unbounded rate it is a pure closed loop, and with a finite rate an arrival process capped at
/// `clients` requests in flight (benchmark_serving's semaphore). Latencies count from the send.
public struct ClosedLoop: Sendable, Hashable, Codable {
  /// How long a client waits between receiving its last token and sending its next request.
  public enum ThinkTime: Sendable, Hashable, Codable {
    case none
    case constant(milliseconds: Double)
    /// Exponentially distributed with this mean (seeded stream `think`).
    case exponential(meanMilliseconds: Double)

    public var meanMilliseconds: Double {
      switch self {
      case .none: return 0
      case .constant(let ms), .exponential(let ms): return ms
      }
    }
  }

  /// Concurrent clients (≥ 1): at most this many requests in flight.
  public var clients: Int
  public var thinkTime: ThinkTime
  /// Clients stop sending new requests this long after the start (nil = until the request budget
  /// or the arrival process ends).
  public var durationSeconds: Double?

  public init(clients: Int, thinkTime: ThinkTime = .none, durationSeconds: Double? = nil) {
    self.clients = clients; self.thinkTime = thinkTime; self.durationSeconds = durationSeconds
  }

  /// Throws naming the field when a value is out of range.
  public func validated() throws(WorkloadError) -> ClosedLoop {
    guard (1...1_000_000).contains(clients) else {
      throw .outOfRange(field: "concurrency", value: "\(clients)", allowed: "1...1000000 clients")
    }
    let think = thinkTime.meanMilliseconds
    guard think.isFinite, think >= 0, think <= 86_400_000 else {
      throw .outOfRange(field: "think_time_ms", value: "\(think)", allowed: "0...86400000 ms")
    }
    if let d = durationSeconds, !(d.isFinite && d > 0 && d <= 1e9) {
      throw .outOfRange(field: "duration_s", value: "\(d)", allowed: "seconds in (0, 1e9]")
    }
    return self
  }
}
