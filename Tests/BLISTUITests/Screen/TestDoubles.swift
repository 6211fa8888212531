import BLISSim
import Foundation
@testable import BLISTUI

/// The repository root (holds defaults.yaml, hardware_config.json, model_configs/).
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// The real planner over the repository's data files, with no network (an unreachable hub).
enum TestPlanner {
  static let files: DataFiles = {
    do { return try DataFiles.load(directory: repoRoot) } catch { preconditionFailure("test data files: \(error)") }
  }()
  static let resolver = ModelConfigResolver(dataDirectory: repoRoot,
                                            hub: HuggingFaceHub(endpoint: URL(string: "http://127.0.0.1:9")!),
                                            knownModelIDs: files.canonicalModelIDs)

  /// The mapping for a launch command line of `flags` (no `--config` file).
  static func mapping(_ flags: SettingsLayer = SettingsLayer(origin: .flags)) -> ScenarioOptions {
    ScenarioOptions(flags: flags, file: nil, context: SettingsContext(defaults: files.defaults))
  }

  static func planner(_ flags: SettingsLayer = SettingsLayer(origin: .flags)) throws -> Planner {
    try Planner.make(mapping: mapping(flags), files: files, resolver: resolver, fetchLaunchModel: false)
  }

  static var runner: PlanScenarioRunner { PlanScenarioRunner(options: mapping(), files: files, resolver: resolver) }
  static let validator = PlanScenarioValidator(options: mapping(), files: files, resolver: resolver)
  static let catalog = PlanCatalog.make(files: files)
}

/// A deterministic stand-in for the engine, for tests of the host's mechanics: one event
/// completes one request, request i at simulated time (i + 1) / rate; once finished it carries a
/// measurement that passes when the rate is at most `threshold`.
struct CountingRun: SteppableRun {
  let scenario: Scenario
  let requests: Int
  var threshold = Double.infinity
  private(set) var completed = 0
  private(set) var measurement: ProbeMeasurement?

  init(scenario: Scenario, requests: Int? = nil, threshold: Double = .infinity) {
    self.scenario = scenario
    self.requests = requests ?? scenario.minimumRequests
    self.threshold = threshold
  }

  var timeSeries: TimeSeries? {
    let windows = (0..<max(1, Int(Double(completed) / scenario.rateRequestsPerSecond))).map {
      TimeSeries.Window(startSeconds: Double($0), arrivals: Int(scenario.rateRequestsPerSecond),
                        completions: Int(scenario.rateRequestsPerSecond), ttftP50Ms: 5, ttftP99Ms: 10)
    }
    return TimeSeries(windowSeconds: 1, windows: completed == 0 ? [] : windows)
  }

  mutating func run(maxEvents: Int) -> Bool {
    completed = min(requests, completed + max(0, maxEvents))
    if completed == requests, measurement == nil {
      let rate = scenario.rateRequestsPerSecond
      measurement = ProbeMeasurement(rateRequestsPerSecond: rate, requests: requests, report: snapshot().report, keepUpRatio: 1,
                                     throughputRequestsPerSecond: rate, outputTokensPerSecond: rate * 100,
                                     goodputRequestsPerSecond: rate, failures: rate <= threshold ? [] : ["too fast"])
    }
    return measurement != nil
  }

  func snapshot() -> SimulationSnapshot {
    let clock = SimTime(seconds: Double(completed) / scenario.rateRequestsPerSecond)
    let stats = LatencyStats(count: completed, meanMs: 10, p50Ms: 10, p90Ms: 10, p95Ms: 10, p99Ms: 10, maxMs: 10)
    var cluster = MetricsSummary(id: "cluster")
    cluster.completedRequests = completed
    cluster.ttft = completed > 0 ? stats : .empty
    cluster.itl = completed > 0 ? stats : .empty
    cluster.e2e = completed > 0 ? stats : .empty
    let report = RunReport(latencyModel: "counting", seed: scenario.seed, simulatedSeconds: clock.seconds,
                           cluster: cluster, instances: [])
    let instances = (0..<scenario.split.instances).map { InstanceProgress(index: $0, kvTotalBlocks: 100) }
    return SimulationSnapshot(clock: clock, totalRequests: requests, injected: completed, completed: completed,
                              isFinished: completed == requests, instances: instances, report: report)
  }
}

/// Makes `CountingRun`s; the models in `unavailable` fail with a fixed reason.
struct CountingRunner: ScenarioRunner {
  var unavailable: Set<LatencyModelChoice> = []
  /// Capacity probes pass up to this rate (req/s).
  var capacityThreshold = 150.0
  static let reason = "no coefficients (test double)"

  func makeCapacityProbes(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<any CapacityProbeSource, ScenarioUnavailable> {
    unavailable.contains(latency)
      ? .failure(ScenarioUnavailable(reason: Self.reason))
      : .success(CountingProbeSource(scenario: scenario, latency: latency, threshold: capacityThreshold))
  }

  func makeRun(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<any SteppableRun, ScenarioUnavailable> {
    unavailable.contains(latency) ? .failure(ScenarioUnavailable(reason: Self.reason)) : .success(CountingRun(scenario: scenario))
  }
}

/// Capacity probes of `CountingRun`s (20 requests each) around a known threshold.
struct CountingProbeSource: CapacityProbeSource {
  let scenario: Scenario
  let latency: LatencyModelChoice
  let threshold: Double
  var settings = CapacitySearchSettings(rateResolution: 0.05)
  var startRate: Double { 20 }

  func makeProbe(rate: Double) -> Result<any SteppableRun, ScenarioUnavailable> {
    var probe = scenario
    probe.rateRequestsPerSecond = rate
    return .success(CountingRun(scenario: probe, requests: 20, threshold: threshold))
  }

  func result(of probes: [(rate: Double, measurement: ProbeMeasurement)]) -> CapacityResult {
    let passing = probes.filter(\.measurement.passed).max { $0.rate < $1.rate }
    return CapacityResult(split: scenario.split, kind: latency, hardware: scenario.hardware, gpuHourUSD: 2,
                          maxRateRequestsPerSecond: passing?.rate, atMaxRate: passing?.measurement, limitedBy: [], probes: [])
  }
}

/// A validator with fixed answers: every split is fine except those in `problems`.
struct FixedValidator: ScenarioValidator {
  var problems: [GPUSplit: String] = [:]
  var flags: [GPUSplit: [LatencyModelChoice: [String]]] = [:]
  func check(_ scenario: Scenario) -> ScenarioCheck {
    ScenarioCheck(problems: problems[scenario.split].map { [$0] } ?? [], flags: flags[scenario.split] ?? [:])
  }
}

/// Drives a scheduler synchronously (one lease at a time, as one worker thread would) until
/// every run is done or `maxLeases` have been performed.
func drive(_ scheduler: inout RunScheduler, runner: any ScenarioRunner, validator: any ScenarioValidator = FixedValidator(),
           maxLeases: Int = 100_000) {
  let worker = RunWorker(runner: runner, validator: validator)
  var leases = 0
  while !scheduler.isComplete, leases < maxLeases, let lease = scheduler.lease() {
    leases += 1
    perform(lease, on: &scheduler, worker: worker)
  }
}

/// Performs one lease and hands the result back.
func perform(_ lease: consuming RunScheduler.Lease, on scheduler: inout RunScheduler, worker: RunWorker) {
  switch consume lease {
  case .check(let generation, let split, let scenario):
    scheduler.finishCheck(split: split, generation: generation, check: worker.check(scenario))
  case .advance(_, let id, let spec, let run, let probes, let nextRate, let sliceEvents, let seriesBuilt):
    let result = worker.advance(spec: spec, run: run, probes: probes, nextRate: nextRate, sliceEvents: sliceEvents,
                                lastSeries: seriesBuilt) { false }
    scheduler.finishSlice(id: id, result: result)
  }
}
