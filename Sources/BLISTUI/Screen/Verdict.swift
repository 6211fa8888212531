import BLISSim

/// Whether a latency is within its objective, close to it, or over it.
enum SLOState: Sendable, Hashable {
  case within, close, violated

  /// The share of a limit above which a value counts as "close".
  static let closeFraction = 0.8

  init(valueMs: Double, limitMs: Double) {
    if !valueMs.isFinite || valueMs > limitMs { self = .violated }
    else if valueMs >= limitMs * Self.closeFraction { self = .close }
    else { self = .within }
  }

  /// The state of `valueMs` against an optional limit (no limit: within).
  init(valueMs: Double, limitMs: Double?) {
    self = limitMs.map { SLOState(valueMs: valueMs, limitMs: $0) } ?? .within
  }

  var style: Style {
    switch self {
    case .within: .good
    case .close: .warn
    case .violated: .bad
    }
  }

  /// The worse of two states.
  func worse(_ other: SLOState) -> SLOState {
    let rank: (SLOState) -> Int = { $0 == .within ? 0 : $0 == .close ? 1 : 2 }
    return rank(self) >= rank(other) ? self : other
  }
}

/// The verdict on one dashboard run: the keep-up test and SLO p99s of `blis capacity`, applied
/// to the finished run's measurement window.
enum Verdict: Sendable, Hashable {
  /// The run has not finished (its cumulative numbers are shown meanwhile).
  case measuring
  /// The queue grows: over the measurement window fewer than 95 % of the arrivals started
  /// (whatever the latencies say — a finite run of an overloaded system still ends).
  case overloaded
  /// Keeps up, but a p99 is over its limit.
  case violated
  /// Keeps up, within the SLO, but a p99 is at ≥ 80 % of its limit.
  case close
  case within
  /// A load ramp has no steady rate to judge; its knee is in the time series.
  case ramp

  /// Judges `measurement` against `slo` with the planner's keep-up threshold.
  init(measurement: ProbeMeasurement?, slo: LatencySLO, load: LoadShape,
       minimumKeepUpRatio: Double = CapacitySearchSettings.planner.minimumKeepUpRatio) {
    guard let measurement else { self = .measuring; return }
    if load == .ramp { self = .ramp; return }
    if measurement.keepUpRatio < minimumKeepUpRatio { self = .overloaded; return }
    let cluster = measurement.report.cluster
    guard slo.violations(of: cluster).isEmpty else { self = .violated; return }
    var state = SLOState.within
    if cluster.ttft.count > 0 { state = state.worse(SLOState(valueMs: cluster.ttft.p99Ms, limitMs: slo.ttftP99Ms)) }
    if cluster.itl.count > 0 { state = state.worse(SLOState(valueMs: cluster.itl.p99Ms, limitMs: slo.itlP99Ms)) }
    self = state == .close ? .close : .within
  }

  /// Short text for a column header.
  var label: String {
    switch self {
    case .measuring: "… measuring"
    case .overloaded: "✗ OVERLOADED"
    case .violated: "✗ SLO violated"
    case .close: "! close to SLO"
    case .within: "✓ within SLO"
    case .ramp: "↗ load ramp"
    }
  }

  var style: Style {
    switch self {
    case .measuring, .ramp: .dim
    case .overloaded, .violated: .bad
    case .close: .warn
    case .within: .good
    }
  }
}
