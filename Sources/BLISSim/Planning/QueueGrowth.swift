/// How many requests a plan's arrivals bring and how many of them are expected to wait at once,
/// from the arrival rate against the deployment's saturation rate (`SaturationEstimate`).
///
/// A stage of `n` arrivals at `rate` req/s on a deployment that serves `saturation` req/s leaves
/// about `n × max(0, 1 − saturation/rate)` of them waiting when it ends: the queue grows at
/// `rate − saturation` for `n/rate` seconds. Stages are summed without letting a later, lighter
/// stage drain an earlier queue (an upper bound). A closed loop never has more than its clients
/// in flight; `--horizon-seconds` stops the arrivals at the horizon. A trace counts as one stage
/// at its mean rate.
struct QueueGrowth: Sendable, Equatable {
  /// Requests the run is expected to admit.
  var requests: Double
  /// Requests expected to wait at the peak (before any safety factor).
  var peakWaiting: Double

  init(plan: RunPlan, saturationRequestsPerSecond saturation: Double) {
    let horizonSeconds = plan.engine.horizon?.seconds ?? .infinity
    var requests = 0.0, waiting = 0.0
    func add(_ arrivals: Double, rate: Double) {
      guard arrivals > 0 else { return }
      requests += arrivals
      waiting += arrivals * Self.waitingFraction(rate: rate, saturation: saturation)
    }
    switch plan.workload {
    case .synthetic(let spec):
      var remaining = spec.numRequests.map(Double.init) ?? .infinity
      var secondsLeft = horizonSeconds
      for stage in spec.stages where remaining > 0 && secondsLeft > 0 {
        let seconds = min(stage.durationSeconds ?? .infinity, secondsLeft)
        let arrivals = min(remaining, stage.ratePerSecond * seconds)
        add(arrivals.isNaN ? remaining : arrivals, rate: stage.ratePerSecond)
        remaining -= arrivals
        secondsLeft -= seconds
      }
    case .trace(let trace):
      let seconds = max(trace.lastArrivalSeconds, 1e-6)
      add(Double(trace.count), rate: Double(trace.count) / seconds)
    }
    if let clients = plan.workload.closedLoop?.clients { waiting = min(waiting, Double(clients)) }
    self.requests = min(requests, Self.ceiling)
    self.peakWaiting = min(waiting, Self.ceiling)
  }

  /// The share of arrivals at `rate` that a deployment serving `saturation` req/s leaves waiting.
  static func waitingFraction(rate: Double, saturation: Double) -> Double {
    guard rate.isFinite, rate > 0 else { return rate > 0 ? 1 : 0 }
    return max(0, 1 - max(0, saturation) / rate)
  }

  /// A bound that keeps every derived byte count finite (more than any machine holds).
  static let ceiling = 1e15
}
