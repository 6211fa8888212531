import BLISSim

/// The probes of one capacity search (a scenario with one step-time model): the library's
/// settings and start rate, a factory for the probe at a rate, and the library's result once the
/// probes are done. The host drives a `CapacityBracket` with them, one probe at a time.
protocol CapacityProbeSource: Sendable {
  var settings: CapacitySearchSettings { get }
  /// Rate of the first probe, req/s (`CapacityPlanner.startRate` in production).
  var startRate: Double { get }
  /// A probe at `rate`: a run whose `measurement` carries the verdict once finished.
  func makeProbe(rate: Double) -> Result<any SteppableRun, ScenarioUnavailable>
  /// The search's result from its finished probes (`CapacityResult(split:plan:probes:)`).
  func result(of probes: [(rate: Double, measurement: ProbeMeasurement)]) -> CapacityResult
}

extension CapacitySearchSettings {
  /// The interactive planner's search: `blis capacity`'s defaults (2 % rate resolution, ≥ 1,000
  /// requests and ≥ 60 s of arrivals per probe, 95 % keep-up), with probes capped at 20,000
  /// requests so that a debug build stays responsive and an overloaded probe's queue stays small.
  /// `blis capacity --max-probe-requests 20000` runs the same search.
  static let planner = CapacitySearchSettings(maximumRequests: 20_000)
}

/// A capacity search as the screen sees it: the library's bracket, the finished probes (for the
/// splits view's latency-vs-rate chart) and, once finished, the library's result.
struct CapacityProgress: Sendable {
  /// One finished probe: its offered rate, its cluster TTFT p99 (nil when nothing completed) and its verdict.
  struct Probe: Sendable, Hashable {
    var rateRequestsPerSecond: Double
    var ttftP99Ms: Double?
    var passed: Bool
  }

  var bracket: CapacityBracket
  /// In the order they ran.
  var probes: [Probe] = []
  /// The library's result (cost, latencies at capacity, flags); set when the bracket finishes.
  var result: CapacityResult?

  var isFinished: Bool { bracket.isFinished }
  var highestPassingRate: Double? { bracket.highestPassingRate }
  var label: String { bracket.label }
}

extension CapacityBracket {
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
