/// The memory a command may use, given by the caller (the CLI reads Linux's `MemAvailable` or
/// an override; the library reads neither): checks a run's `MemoryEstimate` against it before
/// the run, and bounds how many runs go in parallel so their peaks together fit.
public struct MemoryBudget: Sendable, Equatable {
  /// Bytes available; nil when unknown (nothing is checked, every core is used).
  public var availableBytes: Double?

  public init(availableBytes: Double?) { self.availableBytes = availableBytes }

  /// No known limit.
  public static let unknown = MemoryBudget(availableBytes: nil)

  /// Throws when `plan`'s estimate does not fit, naming the flags that drive it.
  public func check(_ plan: RunPlan) throws(MemoryShortfall) {
    try check(MemoryEstimate(plan: plan), plan: plan)
  }

  /// Throws when `estimate` (of `plan`, possibly with another workload) does not fit. The
  /// message names the workload's flags (or spec/trace file) when the waiting queue is the larger
  /// part, the engine's otherwise.
  public func check(_ estimate: MemoryEstimate, plan: RunPlan, load: String? = nil,
                    remedy: ((String) -> String)? = nil) throws(MemoryShortfall) {
    guard let available = availableBytes, estimate.totalBytes > available else { return }
    let s = plan.settings
    guard estimate.waitingBytes + estimate.recordBytes + estimate.probeRequestBytes >= estimate.instanceBytes else {
      throw .engine("\(s.place(of: \.numInstances)) \(plan.engine.instances) with \(s.place(of: \.maxNumSeqs)) "
        + "\(plan.engine.maxNumSeqs) and \(s.place(of: \.totalKVBlocks)) \(plan.engine.totalKVBlocksPerInstance)",
        estimate: estimate, availableBytes: available)
    }
    let split = "TP\(plan.deployment.tensorParallelism)×\(plan.engine.instances)"
    let rate = s.workload.specFile == nil ? s.place(of: \.rate) : "the spec's rates"
    throw .queue(load: load ?? Self.load(plan), estimate: estimate, split: split, availableBytes: available,
                 remedy: remedy ?? { fitting in
      "lower \(s.place(of: \.numRequests)) (≤ ~\(fitting) here) or \(rate), or add instances" })
  }

  /// How many of `jobBytes` (each job's estimate) run at once: all `cores`, fewer when the
  /// largest job's peak times the workers would not fit, at least one.
  public func workerCount(jobBytes: [Double], cores: Int) -> Int {
    let cores = max(1, cores)
    guard let available = availableBytes, let largest = jobBytes.max(), largest > 0 else { return cores }
    let fitting = (available / largest).rounded(.down)
    return fitting >= Double(cores) ? cores : max(1, Int(fitting))
  }

  /// The flags that make the load: `--num-requests N at --rate R`, or the spec or trace file.
  static func load(_ plan: RunPlan) -> String {
    let s = plan.settings
    if let file = s.workload.specFile { return "\(s.place(of: \.workloadSpec)) \(file.path)" }
    let rate = s.workload.rateRequestsPerSecond
    return "\(s.place(of: \.numRequests)) \(s.workload.numRequests) at \(s.place(of: \.rate)) "
      + (rate == rate.rounded() && rate < 1e15 ? "\(Int(rate))" : "\(rate)")
  }
}
