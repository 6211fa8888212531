/// Builds a `TimeSeries` while a simulation runs: request records (arrivals, completions, TTFT)
/// as they leave the system, and a `sample` of the cluster's state at the end of every window.
///
/// Memory: one TTFT value per completed request plus a few counters per window.
///
/// Reading `series` (a dashboard does it every frame) sorts only the windows whose TTFTs changed
/// since the last `sample`: each sample caches the TTFT percentiles of every window it finds changed.
struct TimeSeriesRecorder: Sendable {
  let windowSeconds: Double
  private var arrivals: [Int] = []
  private var completions: [Int] = []
  /// TTFT (µs) of completed requests, by the window of their first token.
  private var ttftMicros: [[Int64]] = []
  /// State at each sampled window end, by window.
  private var states: [TimeSeries.Window?] = []
  /// TTFT percentiles of each window as of its `count` values, cached by `sample` (a window's
  /// values only grow, so the same count means the same values).
  private var ttftCache: [TTFTPercentiles?] = []
  /// Every inter-token gap up to the previous sample (to take windowed differences).
  private var previousITL = LogHistogram()

  private struct TTFTPercentiles: Sendable {
    var count: Int
    var p50Ms: Double
    var p99Ms: Double

    init(_ ttftMicros: [Int64]) {
      let sorted = ttftMicros.sorted()
      count = sorted.count
      p50Ms = TimeSeriesRecorder.percentile(sorted, 50) / 1e3
      p99Ms = TimeSeriesRecorder.percentile(sorted, 99) / 1e3
    }
  }

  /// Window `k`'s TTFT percentiles: cached, or computed now (nil when it has no TTFT).
  private func ttftPercentiles(ofWindow k: Int) -> TTFTPercentiles? {
    guard k < ttftMicros.count, !ttftMicros[k].isEmpty else { return nil }
    if k < ttftCache.count, let cached = ttftCache[k], cached.count == ttftMicros[k].count { return cached }
    return TTFTPercentiles(ttftMicros[k])
  }

  init(windowSeconds: Double) {
    precondition(windowSeconds > 0, "window must be positive")
    self.windowSeconds = windowSeconds
  }

  private func window(at seconds: Double) -> Int { max(0, Int((seconds / windowSeconds).rounded(.down))) }

  private static func grow<T>(_ array: inout [T], to index: Int, with value: T) {
    if index >= array.count { array.append(contentsOf: repeatElement(value, count: index + 1 - array.count)) }
  }

  mutating func record(_ r: RequestRecord) {
    let arrival = window(at: r.arrivalSeconds)
    Self.grow(&arrivals, to: arrival, with: 0)
    arrivals[arrival] += 1
    guard r.outcome == .completed else { return }
    let done = window(at: r.arrivalSeconds + Double(r.e2eMicros) / 1e6)
    Self.grow(&completions, to: done, with: 0)
    completions[done] += 1
    let first = window(at: r.arrivalSeconds + Double(r.ttftMicros) / 1e6)
    Self.grow(&ttftMicros, to: first, with: [])
    ttftMicros[first].append(r.ttftMicros)
  }

  /// Records the state at `time` (the end of a window, or the end of the run) for the window that
  /// `time` closes. `itl` is every inter-token gap emitted so far (cumulative).
  mutating func sample(at time: SimTime, instances: [InstanceProgress], itl: LogHistogram) {
    let index = max(0, Int((time.seconds / windowSeconds).rounded(.up)) - 1)
    let gaps = itl.subtracting(previousITL)
    previousITL = itl
    var state = TimeSeries.Window(startSeconds: Double(index) * windowSeconds)
    if gaps.count > 0 {
      state.itlP50Ms = gaps.percentileMicros(50) / 1e3
      state.itlP99Ms = gaps.percentileMicros(99) / 1e3
    }
    for i in instances {
      state.queued += i.queueDepth
      state.running += i.runningRequests
      state.kvUsedBlocks += i.kvUsedBlocks
      state.kvTotalBlocks += i.kvTotalBlocks
    }
    state.instanceKVFractions = instances.map { $0.kvTotalBlocks > 0 ? Double($0.kvUsedBlocks) / Double($0.kvTotalBlocks) : 0 }
    Self.grow(&states, to: index, with: nil)
    states[index] = state
    Self.grow(&ttftCache, to: ttftMicros.count - 1, with: nil)
    for k in ttftMicros.indices where !ttftMicros[k].isEmpty && ttftCache[k]?.count != ttftMicros[k].count {
      ttftCache[k] = TTFTPercentiles(ttftMicros[k])
    }
  }

  /// The series so far. Windows not sampled yet carry the last sampled state's load and KV.
  var series: TimeSeries {
    let count = max(states.count, arrivals.count, completions.count, ttftMicros.count)
    var windows: [TimeSeries.Window] = []
    windows.reserveCapacity(count)
    var last: TimeSeries.Window?
    for k in 0..<count {
      var w = (k < states.count ? states[k] : nil) ?? last.map { carried in
        var copy = carried
        copy.itlP50Ms = nil
        copy.itlP99Ms = nil
        return copy
      } ?? TimeSeries.Window(startSeconds: 0)
      if k < states.count, states[k] != nil { last = states[k] }
      w.startSeconds = Double(k) * windowSeconds
      w.arrivals = k < arrivals.count ? arrivals[k] : 0
      w.completions = k < completions.count ? completions[k] : 0
      let ttft = ttftPercentiles(ofWindow: k)
      w.ttftP50Ms = ttft?.p50Ms
      w.ttftP99Ms = ttft?.p99Ms
      windows.append(w)
    }
    return TimeSeries(windowSeconds: windowSeconds, windows: windows)
  }

  /// Percentile `p` of ascending `sorted` values with linear interpolation between ranks (as
  /// `LogHistogram.percentileMicros`).
  static func percentile(_ sorted: [Int64], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let rank = p / 100 * Double(sorted.count - 1)
    let lo = Int(rank.rounded(.down)), hi = Int(rank.rounded(.up))
    let a = Double(sorted[lo])
    return a + (Double(sorted[hi]) - a) * (rank - Double(lo))
  }
}

extension TimeSeriesRecorder: RequestRecordSink {}
