import BLISSim

/// One probe of a capacity search, advanced in slices like a plain run; once finished it carries
/// the library's verdict (`ProbeRun`: SLO p99s and the keep-up rule of `blis capacity`).
protocol SteppableProbe: SteppableRun {
  /// Whether the probe met the SLO and kept up; nil until it has finished.
  var passed: Bool? { get }
}

/// The probes of one capacity search (a scenario with one latency model): the library's settings
/// and start rate, and a factory for the probe at a rate. The host drives a `CapacityBracket`
/// with them, one probe at a time.
protocol CapacityProbeSource {
  var settings: CapacitySearchSettings { get }
  /// Rate of the first probe, req/s (`CapacityPlanner.startRate` in production).
  var startRate: Double { get }
  func makeProbe(rate: Double) -> Result<any SteppableProbe, ScenarioUnavailable>
}

extension ProbeRun: SteppableProbe {
  var passed: Bool? { measurement?.passed }
}

extension CapacitySearchSettings {
  /// The interactive planner's search: `blis capacity`'s defaults (2 % rate resolution, ≥ 1,000
  /// requests and ≥ 60 s of arrivals per probe, 95 % keep-up), with probes capped at 20,000
  /// requests so that a debug build stays responsive and an overloaded probe's queue stays small.
  /// `blis capacity --max-probe-requests 20000` runs the same search.
  static let planner = CapacitySearchSettings(maximumRequests: 20_000)
}

extension ServiceLevelObjective {
  /// The same limits as the library's SLO (TTFT p99 and ITL p99; no E2E limit).
  var latencySLO: LatencySLO { LatencySLO(ttftP99Ms: ttftP99Ms, itlP99Ms: itlP99Ms) }
}

/// A capacity search as the screen sees it: the library's bracket and the finished probes (for
/// the TP-vs-replication view's latency-vs-rate chart).
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
