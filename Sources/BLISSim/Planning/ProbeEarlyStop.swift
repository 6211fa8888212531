/// When a capacity probe's failure is already certain, so it can stop long before its last
/// request: an overloaded probe (typically the first failing rates of a search, 1.5–2× the
/// capacity) otherwise simulates every request of a queue that only grows.
///
/// The rule is a proof, not a guess, for each p99 limit: the final p99 is interpolated between the
/// samples at ranks ⌊0.99·(n − 1)⌋ and the next (`LogHistogram`), reported at their bucket
/// midpoints. If at least n − ⌊0.99·(n − 1)⌋ samples lie in histogram buckets entirely above the
/// limit, the p99 exceeds the limit whatever the other samples are. That need grows with n, so
/// it is taken at an upper bound of n: the probe's request count N for TTFT and E2E, and
/// Σ (output tokens − 1) over its requests for the pooled ITL. Samples known to exceed: completed
/// requests whose TTFT/E2E did (by more than a bucket's width), plus requests still waiting, never
/// run, that arrived more than that long ago (their TTFT and E2E can only be longer); for ITL, the
/// gaps already recorded above the limit. Keep-up is judged at the end as usual. Checked once per
/// simulated second, at fixed simulated times, so a probe run in slices stops at the same point
/// as one run at once.
struct ProbeEarlyStop: Sendable {
  let slo: LatencySLO
  /// Requests above the TTFT or E2E limit that make its p99 certainly above it.
  let neededViolations: Int
  /// Gaps above the ITL limit that make its p99 certainly above it.
  let neededITLViolations: Int
  /// `certainMicros` of the TTFT and E2E limits (worked out once: `count` runs for every request).
  private let certainTTFTMicros: Int64?
  private let certainE2EMicros: Int64?
  static let checkIntervalSeconds = 1.0

  /// - Parameter outputGaps: an upper bound of the probe's inter-token gaps (`WorkloadArrivalSummary`).
  init?(slo: LatencySLO, requests: Int, outputGaps: Int) {
    guard !slo.isEmpty, requests > 0 else { return nil }
    self.slo = slo
    neededViolations = Self.needed(requests)
    neededITLViolations = Self.needed(max(outputGaps, 1))
    certainTTFTMicros = slo.ttftP99Ms.map(Self.certainMicros)
    certainE2EMicros = slo.e2eP99Ms.map(Self.certainMicros)
  }

  /// Samples of `n` that must lie above a limit for the p99 to be above it.
  static func needed(_ n: Int) -> Int { n - Int((0.99 * Double(n - 1)).rounded(.down)) }

  /// A value certainly in a histogram bucket entirely above `limitMs` (buckets are at most 1/128
  /// of their lower bound wide).
  static func certainMicros(_ limitMs: Double) -> Int64 { Int64((limitMs * 1000 * 1.01).rounded(.up)) + 1 }

  /// Completed requests over each threshold so far (fed by the probe's record sink).
  struct Counts: Sendable {
    var ttftOver = 0
    var e2eOver = 0
  }

  func count(_ r: RequestRecord, into counts: inout Counts) {
    guard r.outcome == .completed else { return }
    if let l = certainTTFTMicros, r.ttftMicros > l { counts.ttftOver += 1 }
    if let l = certainE2EMicros, r.e2eMicros > l { counts.e2eOver += 1 }
  }

  /// "TTFT p99 > 500 ms (stopped early at 49 s)".
  private static func failure(_ metric: String, _ limitMs: Double, _ simulation: Simulation) -> String {
    "\(metric) p99 > \(LatencySLO.number(limitMs)) ms (stopped early at \(String(format: "%.0f", simulation.clock.seconds)) s)"
  }

  /// The certain violation at `simulation`'s clock, worded for "limited by"; nil when none is certain yet.
  func certainFailure(_ simulation: Simulation, counts: Counts) -> String? {
    if let limit = slo.itlP99Ms {
      let micros = Int64((limit * 1000).rounded(.down))
      let over = simulation.instances.reduce(0) { $0 + $1.metrics.itl.count(inBucketsAbove: micros) }
      if over >= neededITLViolations {
        return Self.failure("ITL", limit, simulation)
      }
    }
    for (name, limit, completed) in [("TTFT", slo.ttftP99Ms, counts.ttftOver), ("E2E", slo.e2eP99Ms, counts.e2eOver)] {
      guard let limit else { continue }
      let cutoff = SimTime(microseconds: simulation.clock.microseconds - Self.certainMicros(limit))
      let over = completed + simulation.neverRunWaiting(arrivedBefore: cutoff)
      if over >= neededViolations {
        return Self.failure(name, limit, simulation)
      }
    }
    return nil
  }
}
