/// The memory side of the planning commands: which probe of a capacity search is the largest,
/// refusing a search whose largest probe cannot fit, and the worker count for a set of jobs.
extension MemoryBudget {
  /// The rate at which a capacity search's largest probe is estimated: twice the saturation
  /// estimate, where the search's doubling first passes it (the queue then holds half the
  /// arrivals).
  static let probeOverload = 2.0

  /// The estimate of `d`'s largest capacity probe (rate search, or concurrency with `clients`
  /// set), refused when it does not fit, naming the probe flags that size it.
  func checkCapacityProbe(_ d: PlanningDeployments.Deployment, settings: CapacitySearchSettings,
                          concurrency: Bool) throws -> MemoryEstimate {
    let plan: RunPlan
    if concurrency {
      let clients = 2 * d.plan.engine.maxNumSeqs * d.plan.engine.instances
      plan = try d.plan.probing(concurrency: clients, requests: max(settings.minimumRequests, 10 * clients))
    } else {
      let rate = Self.probeOverload * SaturationEstimate.requestsPerSecond(plan: d.plan)
      plan = try d.plan.probing(rate: rate, requests: settings.requests(atRate: rate))
    }
    let estimate = MemoryEstimate(plan: plan, capacityProbe: !concurrency)
    let load = "capacity probes of \(d.split) at ~\(MemoryShortfall.count(plan.settings.workload.rateRequestsPerSecond)) req/s "
      + "(\(MemoryShortfall.count(estimate.requests)) requests each)"
    try check(estimate, plan: plan, load: load) { fitting in
      "set --max-probe-requests (≤ ~\(fitting) here) or lower --probe-seconds"
    }
    return estimate
  }
}
