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
/// completes one request, request i at simulated time (i + 1) / rate.
struct CountingRun: SteppableRun {
  let scenario: Scenario
  private(set) var completed = 0
  private var clock = SimTime.zero

  init(scenario: Scenario) { self.scenario = scenario }

  private func completionTime(_ index: Int) -> SimTime {
    SimTime(seconds: Double(index + 1) / scenario.rateRequestsPerSecond)
  }

  mutating func advance(until time: SimTime, maxEvents: Int) -> SimulationSnapshot {
    var budget = maxEvents
    while budget > 0, completed < scenario.numRequests, completionTime(completed) <= time {
      clock = completionTime(completed)
      completed += 1
      budget -= 1
    }
    if budget > 0, completed < scenario.numRequests, time > clock { clock = time }
    let stats = LatencyStats(count: completed, meanMs: 10, p50Ms: 10, p90Ms: 10, p95Ms: 10, p99Ms: 10, maxMs: 10)
    var cluster = MetricsSummary(id: "cluster")
    cluster.completedRequests = completed
    cluster.ttft = completed > 0 ? stats : .empty
    cluster.itl = completed > 0 ? stats : .empty
    cluster.e2e = completed > 0 ? stats : .empty
    let report = RunReport(latencyModel: "counting", seed: scenario.seed, simulatedSeconds: clock.seconds,
                           cluster: cluster, instances: [])
    let instances = (0..<scenario.instances).map { InstanceProgress(index: $0, kvTotalBlocks: 100) }
    return SimulationSnapshot(clock: clock, totalRequests: scenario.numRequests, injected: completed,
                              completed: completed, isFinished: completed == scenario.numRequests,
                              instances: instances, report: report)
  }
}

/// Makes `CountingRun`s; the models in `unavailable` fail with a fixed reason.
struct CountingRunner: ScenarioRunner {
  var unavailable: Set<LatencyKind> = []
  /// Capacity probes pass up to this rate (req/s).
  var capacityThreshold = 150.0
  static let reason = "no coefficients (test double)"

  func makeCapacityProbes(_ scenario: Scenario, latency: LatencyKind) -> Result<any CapacityProbeSource, ScenarioUnavailable> {
    unavailable.contains(latency)
      ? .failure(ScenarioUnavailable(reason: Self.reason))
      : .success(CountingProbeSource(scenario: scenario, threshold: capacityThreshold))
  }

  func makeRun(_ scenario: Scenario, latency: LatencyKind) -> Result<any SteppableRun, ScenarioUnavailable> {
    unavailable.contains(latency) ? .failure(ScenarioUnavailable(reason: Self.reason)) : .success(CountingRun(scenario: scenario))
  }
}

/// A `CountingRun` with a verdict: the probe passes when its rate is at most `threshold`.
struct CountingProbe: SteppableProbe {
  var run: CountingRun
  let threshold: Double
  private(set) var passed: Bool?

  mutating func advance(until time: SimTime, maxEvents: Int) -> SimulationSnapshot {
    let snapshot = run.advance(until: time, maxEvents: maxEvents)
    if snapshot.isFinished { passed = run.scenario.rateRequestsPerSecond <= threshold }
    return snapshot
  }
}

/// Capacity probes of `CountingRun`s (20 requests each) around a known threshold.
struct CountingProbeSource: CapacityProbeSource {
  let scenario: Scenario
  let threshold: Double
  var settings = CapacitySearchSettings(rateResolution: 0.05)
  var startRate: Double { 20 }

  func makeProbe(rate: Double) -> Result<any SteppableProbe, ScenarioUnavailable> {
    var probe = scenario
    probe.rateRequestsPerSecond = rate
    probe.numRequests = 20
    return .success(CountingProbe(run: CountingRun(scenario: probe), threshold: threshold))
  }
}
