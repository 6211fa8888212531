import Foundation

/// Latency service-level objectives: p99 limits in milliseconds, any subset (nil = no limit).
///
/// Two uses: a probe meets the SLO when each set limit is ≥ the run's p99 of that metric
/// (ITL p99 pools every inter-token gap, as `MetricsSummary.itl` does); and, for goodput, one
/// request meets it when its own TTFT and E2E are within the limits and its mean inter-token
/// gap (TPOT) is within the ITL limit.
public struct LatencySLO: Sendable, Hashable, Codable {
  public var ttftP99Ms: Double?
  public var itlP99Ms: Double?
  public var e2eP99Ms: Double?

  public init(ttftP99Ms: Double? = nil, itlP99Ms: Double? = nil, e2eP99Ms: Double? = nil) {
    self.ttftP99Ms = ttftP99Ms; self.itlP99Ms = itlP99Ms; self.e2eP99Ms = e2eP99Ms
  }

  /// Parses the flag values (`--slo-ttft-p99-ms` etc.; nil = not given). Each must be a finite
  /// number of milliseconds in (0, 10,000,000].
  public static func parse(ttftP99Ms ttft: String?, itlP99Ms itl: String?, e2eP99Ms e2e: String?) throws(PlanningError) -> LatencySLO {
    LatencySLO(ttftP99Ms: try parseLimit(ttft, flag: "--slo-ttft-p99-ms"),
               itlP99Ms: try parseLimit(itl, flag: "--slo-itl-p99-ms"),
               e2eP99Ms: try parseLimit(e2e, flag: "--slo-e2e-p99-ms"))
  }

  static func parseLimit(_ text: String?, flag: String) throws(PlanningError) -> Double? {
    guard let text else { return nil }
    guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0, v <= 10_000_000 else {
      throw .invalidValue(flag: flag, value: text, allowed: "a latency in milliseconds, > 0 and ≤ 10000000, e.g. 500")
    }
    return v
  }

  /// True when no limit is set.
  public var isEmpty: Bool { ttftP99Ms == nil && itlP99Ms == nil && e2eP99Ms == nil }

  /// The limits `summary` breaks, e.g. ["TTFT p99 612.3 ms > 500 ms"]; empty = met.
  /// A run with no completed request breaks every set limit.
  public func violations(of summary: MetricsSummary) -> [String] {
    var out: [String] = []
    func check(_ name: String, _ limit: Double?, _ stats: LatencyStats) {
      guard let limit else { return }
      if stats.count == 0 { out.append("\(name): no samples") } else if stats.p99Ms > limit {
        out.append("\(name) p99 \(String(format: "%.1f", stats.p99Ms)) ms > \(Self.number(limit)) ms")
      }
    }
    check("TTFT", ttftP99Ms, summary.ttft)
    if let limit = itlP99Ms, summary.itl.count > 0, summary.itl.p99Ms > limit {
      out.append("ITL p99 \(String(format: "%.1f", summary.itl.p99Ms)) ms > \(Self.number(limit)) ms")
    }
    check("E2E", e2eP99Ms, summary.e2e)
    return out
  }

  /// Whether one completed request is within every set limit (its own TTFT, TPOT, E2E).
  public func isMet(by record: RequestRecord) -> Bool {
    guard record.outcome == .completed else { return false }
    if let l = ttftP99Ms, Double(record.ttftMicros) / 1000 > l { return false }
    if let l = itlP99Ms, record.tpotMicros / 1000 > l { return false }
    if let l = e2eP99Ms, Double(record.e2eMicros) / 1000 > l { return false }
    return true
  }

  /// "TTFT p99 ≤ 500 ms, ITL p99 ≤ 50 ms", or "none".
  public var label: String {
    let parts = [("TTFT", ttftP99Ms), ("ITL", itlP99Ms), ("E2E", e2eP99Ms)].compactMap { name, v in
      v.map { "\(name) p99 ≤ \(Self.number($0)) ms" }
    }
    return parts.isEmpty ? "none" : parts.joined(separator: ", ")
  }

  /// "500", "0.5", "1e+06" (printf %g).
  static func number(_ v: Double) -> String { String(format: "%g", v) }

  enum CodingKeys: String, CodingKey { case ttftP99Ms = "ttft_p99_ms", itlP99Ms = "itl_p99_ms", e2eP99Ms = "e2e_p99_ms" }
}
