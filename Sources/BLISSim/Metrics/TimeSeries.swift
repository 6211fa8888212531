/// A run seen over simulated time, in fixed windows: offered and served load, windowed latency
/// percentiles, requests in the system and KV usage. Built by a `ProbeRun` that records one
/// (see `TimeSeriesRecorder`); a value, cheap to copy and publish.
public struct TimeSeries: Sendable, Hashable {
  /// One window [startSeconds, startSeconds + windowSeconds).
  public struct Window: Sendable, Hashable {
    public var startSeconds: Double
    /// Requests that arrived in the window (every outcome).
    public var arrivals: Int
    /// Requests whose last token was emitted in the window.
    public var completions: Int
    /// TTFT percentiles of the requests whose first token was emitted in the window (completed
    /// requests only), ms; nil when there were none.
    public var ttftP50Ms: Double?
    public var ttftP99Ms: Double?
    /// Percentiles of every inter-token gap emitted in the window (pooled over requests, like the
    /// report's ITL), ms; nil when no decode step ran.
    public var itlP50Ms: Double?
    public var itlP99Ms: Double?
    /// Requests waiting and running at the end of the window (cluster).
    public var queued: Int
    public var running: Int
    /// KV blocks in use at the end of the window, cluster total, and per instance as a fraction
    /// of that instance's blocks.
    public var kvUsedBlocks: Int
    public var kvTotalBlocks: Int
    public var instanceKVFractions: [Double]

    public init(startSeconds: Double, arrivals: Int = 0, completions: Int = 0, ttftP50Ms: Double? = nil,
                ttftP99Ms: Double? = nil, itlP50Ms: Double? = nil, itlP99Ms: Double? = nil, queued: Int = 0,
                running: Int = 0, kvUsedBlocks: Int = 0, kvTotalBlocks: Int = 0, instanceKVFractions: [Double] = []) {
      self.startSeconds = startSeconds; self.arrivals = arrivals; self.completions = completions
      self.ttftP50Ms = ttftP50Ms; self.ttftP99Ms = ttftP99Ms; self.itlP50Ms = itlP50Ms; self.itlP99Ms = itlP99Ms
      self.queued = queued; self.running = running; self.kvUsedBlocks = kvUsedBlocks
      self.kvTotalBlocks = kvTotalBlocks; self.instanceKVFractions = instanceKVFractions
    }

    /// KV blocks in use as a fraction of the cluster's blocks (absolute scale, 0…1).
    public var kvUsedFraction: Double { kvTotalBlocks > 0 ? Double(kvUsedBlocks) / Double(kvTotalBlocks) : 0 }
  }

  /// Width of every window, simulated seconds.
  public var windowSeconds: Double
  public var windows: [Window]

  public init(windowSeconds: Double, windows: [Window] = []) {
    self.windowSeconds = windowSeconds; self.windows = windows
  }

  /// Simulated seconds the windows cover.
  public var durationSeconds: Double { Double(windows.count) * windowSeconds }

  /// Arrivals per second in window `i` (the offered load).
  public func offeredRequestsPerSecond(_ i: Int) -> Double { Double(windows[i].arrivals) / windowSeconds }
  /// Completions per second in window `i` (the served load).
  public func servedRequestsPerSecond(_ i: Int) -> Double { Double(windows[i].completions) / windowSeconds }

  /// A window width for about `count` windows over `seconds`, rounded to 1, 2 or 5 × 10ⁿ
  /// (at least 0.01 s).
  public static func windowSeconds(covering seconds: Double, count: Int) -> Double {
    let raw = max(0.01, seconds / Double(max(1, count)))
    var scale = 0.01
    while scale * 10 <= raw { scale *= 10 }
    for factor in [1.0, 2, 5, 10] where scale * factor >= raw { return scale * factor }
    return scale * 10
  }
}
