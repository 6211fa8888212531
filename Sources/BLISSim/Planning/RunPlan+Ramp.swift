extension RunPlan {
  /// This plan with its arrivals replaced by a load ramp: `steps` equal stages over `seconds`,
  /// stage k (from 1) at `rate × k / steps` req/s, with the spec's arrival process, lengths,
  /// shared prefixes, seed and serving profile, and no horizon. The time series of such a run shows the knee
  /// where latency turns up (`TimeSeries.knee`).
  /// - Throws: `PlanningError.traceWorkload` for a replayed trace (its arrival times are fixed).
  public func ramping(toRate rate: Double, seconds: Double, steps: Int = 30) throws(PlanningError) -> RunPlan {
    let count = max(1, steps)
    return try replacingArrivals(rate: rate, requests: nil) { arrival in
      (1...count).map {
        WorkloadStage(ratePerSecond: rate * Double($0) / Double(count), durationSeconds: seconds / Double(count), arrival: arrival)
      }
    }
  }
}
