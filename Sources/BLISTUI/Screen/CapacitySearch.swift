import BLISSim
import Foundation

/// Finds the highest arrival rate at which a scenario stays within its SLO: start at the
/// scenario's rate, double until the SLO breaks (or halve until it holds), then bisect
/// geometrically until the bracket is within 10 %. Each probe is one complete run.
struct CapacitySearch: Sendable, Hashable {
  /// Highest probed rate that met the SLO, requests per second.
  private(set) var highestPassingRate: Double?
  /// Lowest probed rate that broke the SLO, requests per second.
  private(set) var lowestFailingRate: Double?
  private(set) var probes = 0
  let startRate: Double

  static let maximumProbes = 12
  /// The search stops when the bracket's upper/lower ratio is at most this.
  static let resolution = 1.1
  static let minimumRate = 0.05

  /// Arrivals of a probe last at least this long (simulated), so a probe measures sustained
  /// load: a short burst of the scenario's requests can be absorbed by idle batch slots at rates
  /// far above what the deployment sustains, which made the search non-monotonic in TP.
  static let sustainedSeconds = 30.0
  /// …but a probe has at most this many requests (unless the scenario has more): far more than
  /// any cluster's batch slots, so a burst cannot hide overload, while an overloaded probe's queue
  /// (which the engine holds in memory) stays bounded.
  static let maximumProbeRequests = 20_000

  init(startRate: Double) { self.startRate = max(Self.minimumRate, startRate) }

  /// Requests in a probe at `rate`: the scenario's count, or `sustainedSeconds` of arrivals if
  /// more, capped at `maximumProbeRequests`.
  static func probeRequests(rate: Double, scenarioRequests: Int) -> Int {
    let sustained = min(Double(maximumProbeRequests), (rate * sustainedSeconds).rounded(.up))
    return max(scenarioRequests, Int(sustained))
  }

  /// The next rate to try, or nil when the search is finished.
  var nextRate: Double? {
    guard probes < Self.maximumProbes else { return nil }
    switch (highestPassingRate, lowestFailingRate) {
    case (nil, nil): return startRate
    case (let passing?, nil): return passing * 2
    case (nil, let failing?): return failing / 2 >= Self.minimumRate ? failing / 2 : nil
    case (let passing?, let failing?): return failing / passing <= Self.resolution ? nil : (passing * failing).squareRoot()
    }
  }

  var isFinished: Bool { nextRate == nil }

  mutating func record(rate: Double, meetsSLO: Bool) {
    probes += 1
    if meetsSLO { highestPassingRate = max(highestPassingRate ?? rate, rate) }
    else { lowestFailingRate = min(lowestFailingRate ?? rate, rate) }
  }

  /// Whether a finished run met `slo`: every request completed, TTFT p99 and ITL p99 within limits.
  static func meets(_ slo: ServiceLevelObjective, snapshot: SimulationSnapshot) -> Bool {
    let cluster = snapshot.report.cluster
    let completedAll = snapshot.totalRequests.map { snapshot.completed >= $0 } ?? true
    return completedAll && cluster.ttft.count > 0 && cluster.ttft.p99Ms <= slo.ttftP99Ms
      && (cluster.itl.count == 0 || cluster.itl.p99Ms <= slo.itlP99Ms)
  }

  /// Short text for a table cell: `180`, `≥ 200` while searching, `< 0.5` if nothing passed.
  var label: String {
    switch (highestPassingRate, lowestFailingRate, isFinished) {
    case (let passing?, _, true): return NumberFormat.compact(passing)
    case (let passing?, _, false): return "≥ " + NumberFormat.compact(passing)
    case (nil, let failing?, true): return "< " + NumberFormat.compact(failing)
    default: return "…"
    }
  }
}
