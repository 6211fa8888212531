/// The search for the most closed-loop clients a deployment serves within latency SLOs ("how many
/// concurrent users"): the rate search's rule on whole numbers of clients. Start at `start`;
/// double while only passes were seen (at most `maximumClients`), halve while only failures were
/// (giving up below one client); then bisect between the most passing and the fewest failing
/// clients until they are adjacent or within the resolution. A closed loop cannot fall behind
/// its arrivals (a client waits for its answer), so the SLOs alone decide.
public struct ConcurrencyBracket: Sendable, Hashable {
  public let resolution: Double
  public let maximumClients: Int
  public let maximumProbes: Int
  public private(set) var mostPassing: Int?
  public private(set) var fewestFailing: Int?
  public private(set) var probeCount = 0
  /// The client count to probe next; nil when finished.
  public private(set) var next: Int?

  public init(start: Int, resolution: Double, maximumClients: Int = 1_000_000, maximumProbes: Int = 40) {
    self.resolution = resolution; self.maximumClients = maximumClients; self.maximumProbes = maximumProbes
    next = min(max(1, start), maximumClients)
  }

  public mutating func record(clients: Int, passed: Bool) {
    probeCount += 1
    if passed { mostPassing = max(mostPassing ?? clients, clients) } else { fewestFailing = min(fewestFailing ?? clients, clients) }
    guard probeCount < maximumProbes else { next = nil; return }
    switch (mostPassing, fewestFailing) {
    case (let lo?, nil): next = lo < maximumClients ? min(lo * 2, maximumClients) : nil
    case (nil, let hi?): next = hi > 1 ? hi / 2 : nil
    case (let lo?, let hi?):
      let done = hi - lo <= 1 || Double(hi - lo) / Double(hi) <= resolution
      next = done ? nil : lo + (hi - lo) / 2
    case (nil, nil): next = nil
    }
  }
}

extension CapacityPlanner {
  /// The concurrency search for each deployment, in parallel (see `ConcurrencyBracket`). Each probe
  /// runs max(`minimumRequests`, 10 × clients) requests (at most `maximumRequests`) with the plan's
  /// seed; `rateResolution` is the relative resolution in clients. The result's max rate is the
  /// throughput at the most clients (requests started per second over the second half of the sends).
  public static func runConcurrency(_ deployments: [PlanningDeployments.Deployment], slo: LatencySLO,
                                    settings: CapacitySearchSettings = CapacitySearchSettings(), gpuHourUSD: Double? = nil,
                                    memory: MemoryBudget = .unknown,
                                    log: @escaping @Sendable (String) -> Void = { _ in }) throws -> [CapacityResult] {
    let settings = try settings.validated()
    let peaks = try deployments.map { try memory.checkCapacityProbe($0, settings: settings, concurrency: true).totalBytes }
    let outcomes = ParallelMap.map(Array(zip(deployments, peaks)), memory: memory, jobBytes: \.1) { d, _ in
      Result { try concurrencyCapacity(of: d, slo: slo, settings: settings, gpuHourUSD: gpuHourUSD, log: log) }
    }
    return try outcomes.map { try $0.get() }
  }

  /// The search for one deployment, starting at half of what its instances can run at once.
  public static func concurrencyCapacity(of d: PlanningDeployments.Deployment, slo: LatencySLO,
                                         settings: CapacitySearchSettings, gpuHourUSD: Double? = nil,
                                         log: @Sendable (String) -> Void = { _ in }) throws -> CapacityResult {
    var bracket = ConcurrencyBracket(start: d.plan.engine.maxNumSeqs * d.plan.engine.instances / 2,
                                     resolution: settings.rateResolution, maximumProbes: settings.maximumProbes)
    var probes: [CapacityResult.Probe] = []
    var best: (clients: Int, measurement: ProbeMeasurement)?
    var failing: (clients: Int, measurement: ProbeMeasurement)?
    while let clients = bracket.next {
      let wanted = max(settings.minimumRequests, 10 * clients)
      let requests = settings.maximumRequests.map { min(wanted, $0) } ?? wanted
      let m = try ProbeMeasurement.measure(try d.plan.probing(concurrency: clients, requests: requests), slo: slo,
                                           minimumKeepUpRatio: 0)
      log("\(d.split) \(d.kind.rawValue): \(clients) clients → " + (m.passed ? "meets" : "fails: " + m.failures.joined(separator: ", ")))
      let c = m.report.cluster
      probes.append(CapacityResult.Probe(rateRequestsPerSecond: m.throughputRequestsPerSecond, requests: requests,
                                         passed: m.passed, failures: m.failures, ttftP99Ms: c.ttft.p99Ms, itlP99Ms: c.itl.p99Ms,
                                         e2eP99Ms: c.e2e.p99Ms, throughputRequestsPerSecond: m.throughputRequestsPerSecond,
                                         concurrency: clients))
      if m.passed, clients > (best?.clients ?? 0) { best = (clients, m) }
      if !m.passed, clients < (failing?.clients ?? .max) { failing = (clients, m) }
      bracket.record(clients: clients, passed: m.passed)
    }
    return CapacityResult(split: d.split, kind: d.kind, hardware: d.plan.deployment.hardware.name,
                          gpuHourUSD: gpuHourUSD ?? d.plan.deployment.hardware.gpuHourUSD,
                          maxRateRequestsPerSecond: best?.measurement.throughputRequestsPerSecond,
                          maxConcurrency: best?.clients, atMaxRate: best?.measurement,
                          limitedBy: failing?.measurement.failures ?? [], probes: probes,
                          warnings: d.plan.deployment.warnings)
  }
}
