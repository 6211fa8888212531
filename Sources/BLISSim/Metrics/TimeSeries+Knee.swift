extension TimeSeries {
  /// Where a rising load stops being served within the SLO.
  public struct Knee: Sendable, Hashable {
    /// Index of the first window past the knee.
    public var window: Int
    public var startSeconds: Double
    /// The offered rate there, req/s (arrivals averaged over the five windows around it, as one
    /// window's Poisson count is noisy).
    public var offeredRequestsPerSecond: Double
  }

  /// The knee of a load ramp: the first of two consecutive windows whose TTFT p99 or ITL p99 is
  /// over its limit in `slo` (with no limit set: whose TTFT p99 is over 3× the median TTFT p99 of
  /// the first quarter of the windows). Nil when the latency never turns up.
  public func knee(slo: LatencySLO) -> Knee? {
    let baseline: Double? = {
      let early = windows.prefix(max(1, windows.count / 4)).compactMap(\.ttftP99Ms).sorted()
      return early.isEmpty ? nil : early[early.count / 2] * 3
    }()
    func over(_ w: Window) -> Bool {
      if slo.ttftP99Ms == nil, slo.itlP99Ms == nil {
        guard let baseline, let ttft = w.ttftP99Ms else { return false }
        return ttft > baseline
      }
      if let limit = slo.ttftP99Ms, let ttft = w.ttftP99Ms, ttft > limit { return true }
      if let limit = slo.itlP99Ms, let itl = w.itlP99Ms, itl > limit { return true }
      return false
    }
    for k in windows.indices where over(windows[k]) && (k + 1 == windows.count || over(windows[k + 1])) {
      let around = max(0, k - 2)...min(windows.count - 1, k + 2)
      let arrivals = around.reduce(0) { $0 + windows[$1].arrivals }
      return Knee(window: k, startSeconds: windows[k].startSeconds,
                  offeredRequestsPerSecond: Double(arrivals) / (Double(around.count) * windowSeconds))
    }
    return nil
  }
}
