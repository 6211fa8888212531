/// CPU-side serving overheads, the part of a real vLLM server's latency that is not GPU time.
///
/// All values are microseconds. How the engine applies each term:
/// - `arrivalBaseMicros + arrivalPerInputTokenMicros·input` (α0 + α1·input): delays the request's
///   entry into the wait queue (tokenisation, API server); real simulated time.
/// - `outputTokenMicros` (α2): added to the emit time of every output token (detokenisation and
///   streaming), so it shows in TTFT, ITL and E2E, but **never advances the engine clock**.
/// - `stepBaseMicros + stepPerRequestMicros·requests`: scheduler and input-preparation time of
///   each step; it advances the engine clock (the GPU waits for it).
public struct CPUOverheads: Sendable, Hashable, Codable {
  public var arrivalBaseMicros: Double
  public var arrivalPerInputTokenMicros: Double
  public var outputTokenMicros: Double
  public var stepBaseMicros: Double
  public var stepPerRequestMicros: Double

  public init(
    arrivalBaseMicros: Double = 0, arrivalPerInputTokenMicros: Double = 0, outputTokenMicros: Double = 0,
    stepBaseMicros: Double = 0, stepPerRequestMicros: Double = 0
  ) {
    self.arrivalBaseMicros = arrivalBaseMicros
    self.arrivalPerInputTokenMicros = arrivalPerInputTokenMicros
    self.outputTokenMicros = outputTokenMicros
    self.stepBaseMicros = stepBaseMicros
    self.stepPerRequestMicros = stepPerRequestMicros
  }

  public static let none = CPUOverheads()

  /// Delay between a request's arrival and its entry into the wait queue (truncated to µs).
  @inlinable public func queueingDelay(inputTokens: Int) -> SimDuration {
    SimDuration(truncatingMicroseconds: arrivalBaseMicros + arrivalPerInputTokenMicros * Double(inputTokens))
  }
  /// Per-token post-processing added to latency metrics only (truncated to µs).
  @inlinable public var outputTokenProcessing: SimDuration { SimDuration(truncatingMicroseconds: outputTokenMicros) }
  /// CPU time of scheduling one step with `requests` requests; advances the clock.
  @inlinable public func schedulingDelay(requests: Int) -> SimDuration {
    SimDuration(truncatingMicroseconds: stepBaseMicros + stepPerRequestMicros * Double(requests))
  }
}
