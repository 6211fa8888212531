import Synchronization

/// The workload draws (`WorkloadDraws`) shared by capacity searches: every probe of a search,
/// and every search of the same workload and seed (the splits of `blis capacity` and of the
/// planner's splits view), reads one set instead of drawing the same lengths again. Safe to use
/// from several threads; holds the latest draws only (≤ 11 MB).
public final class ProbeDrawsCache: Sendable {
  /// The latest draws, and how many were made so far.
  private let state = Mutex<(latest: WorkloadDraws?, made: Int)>((nil, 0))
  /// Draws made so far (a search of another workload, or one needing more requests, makes new ones).
  public var drawsMade: Int { state.withLock { $0.made } }

  public init() {}

  /// The draws for the probes of a search of `plan` starting at `startRate`: enough requests for
  /// a probe at twice the start rate (searches rarely go higher; a probe beyond them draws the
  /// rest itself), at most as many as a probe replays (`ProbeRun.replayedRequestsLimit`). Nil for
  /// a trace.
  public func draws(of plan: RunPlan, startRate: Double, settings: CapacitySearchSettings) -> WorkloadDraws? {
    var count = min(settings.requests(atRate: 2 * startRate), ProbeRun.replayedRequestsLimit)
    guard let probe = try? plan.probing(rate: startRate, requests: count),
          case .synthetic(let spec) = probe.workload else { return nil }
    let seed = spec.seed ?? probe.engine.seed
    if let held = state.withLock({ $0.latest }), held.serves(spec, seed: seed) {
      if held.requests.count >= count { return held }
      count = max(count, held.requests.count)
    }
    let drawn = WorkloadDraws(probe.workload, seed: probe.engine.seed, count: count)
    state.withLock { $0 = (drawn, $0.made + 1) }
    return drawn
  }
}
