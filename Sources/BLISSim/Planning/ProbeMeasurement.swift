import Foundation

/// One simulated run at a fixed offered rate, judged against latency SLOs and for keeping up.
///
/// **Why a keep-up check.** A finite run of an overloaded system still finishes: the queue grows
/// only for as long as arrivals last, so the latency percentiles are bounded by the run length,
/// not by the load. With a loose SLO (or only an ITL SLO, which batching caps even under
/// overload) such a run could "pass" at any rate. So a probe also requires that the system
/// keeps up: over the **measurement window** — the second half of the arrival period,
/// [T/2, T] with T the last arrival — the requests that *entered the running batch* are at
/// least `minimumKeepUpRatio` (95 %) of the requests that arrived (ignoring ones rejected or
/// dropped whatever the load). A stable system starts requests as fast as they arrive; an
/// overloaded one only as fast as batch slots and KV blocks free up, i.e. at its service rate.
///
/// Requests are counted when they start (arrival + scheduling delay), not when they finish:
/// a finish-time count in a window shorter than the longest generations under-counts a stable
/// system (its long requests finish after T), which made the check fail ~5 % below the real
/// limit. Throughput, output tokens/s and goodput are counted the same way (in steady state the
/// requests started per second equal the requests finished per second).
public struct ProbeMeasurement: Sendable, Hashable, Codable {
  /// Offered arrival rate, requests per second.
  public var rateRequestsPerSecond: Double
  public var requests: Int
  public var report: RunReport
  /// Requests started ÷ requests arrived in the measurement window (see the type's documentation).
  public var keepUpRatio: Double
  /// Requests started (and later completed) per second in the measurement window.
  public var throughputRequestsPerSecond: Double
  /// Output tokens of the requests started in the window, per second.
  public var outputTokensPerSecond: Double
  /// Requests started in the window that completed within every per-request SLO limit, per second.
  public var goodputRequestsPerSecond: Double
  /// Human reasons the probe failed; empty = passed.
  public var failures: [String]
  /// The measurement window's counts (nil for measurements made elsewhere, e.g. in tests).
  public var window: ArrivalWindowStats?
  /// Simulated time at which a capacity probe stopped because its failure was certain
  /// (`ProbeEarlyStop`); its other numbers then cover the run up to there. Nil for a full run.
  public var stoppedEarlyAtSeconds: Double?

  public var passed: Bool { failures.isEmpty }

  public init(rateRequestsPerSecond: Double, requests: Int, report: RunReport, keepUpRatio: Double,
              throughputRequestsPerSecond: Double, outputTokensPerSecond: Double, goodputRequestsPerSecond: Double,
              failures: [String], window: ArrivalWindowStats? = nil) {
    self.rateRequestsPerSecond = rateRequestsPerSecond; self.requests = requests; self.report = report
    self.keepUpRatio = keepUpRatio; self.throughputRequestsPerSecond = throughputRequestsPerSecond
    self.outputTokensPerSecond = outputTokensPerSecond; self.goodputRequestsPerSecond = goodputRequestsPerSecond
    self.failures = failures; self.window = window
  }

  /// Arrivals per second in the measurement window (the offered load as drawn), else the nominal rate.
  public var offeredRequestsPerSecond: Double { window?.offeredRequestsPerSecond ?? rateRequestsPerSecond }

  /// Runs `plan` (use `RunPlan.probing(rate:requests:)` to set the rate) and judges it.
  /// (`ProbeRun` is the same probe in slices, for a UI.)
  /// - Parameters:
  ///   - stopWhenCertain: stop as soon as an SLO failure is certain (capacity searches).
  ///   - draws: the workload's draws made once for a search's probes (`WorkloadDraws`).
  public static func measure(_ plan: RunPlan, slo: LatencySLO, minimumKeepUpRatio: Double,
                             stopWhenCertain: Bool = false, draws: WorkloadDraws? = nil) throws -> ProbeMeasurement {
    var probe = try ProbeRun(plan: plan, slo: slo, minimumKeepUpRatio: minimumKeepUpRatio, stopWhenCertain: stopWhenCertain,
                             draws: draws)
    return probe.finish()
  }

  /// The judgement of a finished run from its measurement window (`ArrivalWindowCounter`).
  static func judge(report: RunReport, window: ArrivalWindowStats, rate: Double, requests: Int, slo: LatencySLO,
                    minimumKeepUpRatio: Double) -> ProbeMeasurement {
    let ratio = window.keepUpRatio
    var failures = slo.violations(of: report.cluster)
    if ratio < minimumKeepUpRatio {
      failures.append("keeps up with only \(String(format: "%.1f", ratio * 100)) % of arrivals (< \(String(format: "%g", minimumKeepUpRatio * 100)) %)")
    }
    if report.cluster.completedRequests == 0 { failures.append("no request completed") }
    return ProbeMeasurement(rateRequestsPerSecond: rate, requests: requests, report: report, keepUpRatio: ratio,
                            throughputRequestsPerSecond: window.servedRequestsPerSecond,
                            outputTokensPerSecond: window.outputTokensPerSecond,
                            goodputRequestsPerSecond: window.goodputRequestsPerSecond, failures: failures,
                            window: window)
  }

  enum CodingKeys: String, CodingKey {
    case rateRequestsPerSecond = "rate_per_s", requests, report, keepUpRatio = "keep_up_ratio"
    case throughputRequestsPerSecond = "throughput_requests_per_s", outputTokensPerSecond = "output_tokens_per_s"
    case goodputRequestsPerSecond = "goodput_requests_per_s", failures, window
    case stoppedEarlyAtSeconds = "stopped_early_at_s"
  }
}
