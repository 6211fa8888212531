/// Builds a `TimeSeries` while a simulation runs: request records (arrivals, completions, TTFT)
/// as they leave the system, and a `sample` of the cluster's state at the end of every window.
///
/// Memory: one TTFT value per completed request plus a few counters per window.
///
/// Reading `series` (a dashboard does it every frame) sorts only the TTFTs recorded since the last
/// `sample`: each sample sorts every window's TTFTs in place (merging the ones added since into
/// the sorted ones), so a window's percentiles are then read off directly.
struct TimeSeriesRecorder: Sendable {
  let windowSeconds: Double
  private var arrivals: [Int] = []
  private var completions: [Int] = []
  /// TTFT (µs) of completed requests, by the window of their first token: the first
  /// `ttftSortedCount[k]` in ascending order (sorted by `sample`), the rest as recorded.
  private var ttftMicros: [[Int64]] = []
  private var ttftSortedCount: [Int] = []
  /// State at each sampled window end, by window.
  private var states: [TimeSeries.Window?] = []
  /// Every inter-token gap up to the previous sample (to take windowed differences).
  private var previousITL = LogHistogram()

  /// Window `k`'s TTFTs in ascending order.
  private func sortedTTFTMicros(ofWindow k: Int) -> [Int64] {
    guard k < ttftMicros.count else { return [] }
    return Self.sorted(ttftMicros[k], sortedPrefix: k < ttftSortedCount.count ? ttftSortedCount[k] : 0)
  }

  /// `values` in ascending order, given that its first `sortedPrefix` already are: the rest is
  /// sorted and merged in (O(n) when few were added since).
  static func sorted(_ values: [Int64], sortedPrefix: Int) -> [Int64] {
    guard sortedPrefix < values.count else { return values }
    guard sortedPrefix > 0 else { return values.sorted() }
    let added = values[sortedPrefix...].sorted()
    var merged: [Int64] = []
    merged.reserveCapacity(values.count)
    var i = 0, j = 0
    while i < sortedPrefix && j < added.count {
      if values[i] <= added[j] { merged.append(values[i]); i += 1 } else { merged.append(added[j]); j += 1 }
    }
    merged.append(contentsOf: values[i..<sortedPrefix])
    merged.append(contentsOf: added[j...])
    return merged
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
    Self.grow(&ttftSortedCount, to: ttftMicros.count - 1, with: 0)
    for k in ttftMicros.indices where ttftSortedCount[k] < ttftMicros[k].count {
      ttftMicros[k] = Self.sorted(ttftMicros[k], sortedPrefix: ttftSortedCount[k])
      ttftSortedCount[k] = ttftMicros[k].count
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
      let ttft = sortedTTFTMicros(ofWindow: k)
      w.ttftP50Ms = ttft.isEmpty ? nil : Self.percentile(ttft, 50) / 1e3
      w.ttftP99Ms = ttft.isEmpty ? nil : Self.percentile(ttft, 99) / 1e3
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
