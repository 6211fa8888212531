import BLISSim
import Foundation

/// The real engine behind the planner: `Scenario` → `RunSettings` (the launch settings with the
/// scenario's fields as flags) → `RunPlan` for the step-time model → `ProbeRun`.
///
/// Called on the host's worker thread. Reads only local files (the resolver is offline), so a
/// run never waits on the network. Anything that stops a model from running (no blackbox
/// coefficients, no local config for roofline, a bad value) becomes `ScenarioUnavailable` with
/// the library's one-line message, shown in that model's column.
struct PlanScenarioRunner: ScenarioRunner {
  let options: ScenarioOptions
  let files: DataFiles
  /// Offline: see `OfflineFetcher`.
  let resolver: ModelConfigResolver
  /// Why fetching a model's config at launch failed, by lower-cased model id (see `Planner`).
  let fetchFailures: [String: String]

  /// How the TP-vs-replication view's capacity searches probe (`.planner` unless a test says otherwise).
  let capacitySettings: CapacitySearchSettings
  /// A dashboard run whose memory estimate does not fit is unavailable, with the reason.
  let memory: MemoryBudget
  /// The capacity searches' workload draws, shared by the searches of one workload and seed.
  let probeDraws = ProbeDrawsCache()

  init(options: ScenarioOptions, files: DataFiles, resolver: ModelConfigResolver, fetchFailures: [String: String] = [:],
       capacitySettings: CapacitySearchSettings = .planner, memory: MemoryBudget = .unknown) {
    self.options = options
    self.memory = memory
    self.files = files
    self.resolver = resolver.offline
    self.fetchFailures = fetchFailures
    self.capacitySettings = capacitySettings
  }

  /// The plan of `scenario` with step times from `latency`, or the one-line reason it cannot run.
  func plan(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<RunPlan, ScenarioUnavailable> {
    do {
      let settings = try options.settings(for: scenario)
      return .success(try RunPlan.make(settings, kind: latency, files: files, resolver: resolver))
    } catch {
      return .failure(ScenarioUnavailable(reason: reason(for: error, model: scenario.model)))
    }
  }

  /// Time-series windows of a dashboard run over its arrival period.
  static let timeSeriesWindows = 60

  /// The dashboard's run: `scenario.runRequests` at its rate (exactly the `blis run` its export
  /// shows), or its load ramp, judged like a capacity probe and recording a time series.
  func makeRun(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<any SteppableRun, ScenarioUnavailable> {
    plan(scenario, latency: latency).flatMap { plan in
      do {
        let shaped = scenario.load == .ramp
          ? try plan.ramping(toRate: scenario.rateRequestsPerSecond, seconds: scenario.arrivalSeconds) : plan
        try memory.check(shaped)
        return .success(try ProbeRun(plan: shaped, slo: LatencySLO(), minimumKeepUpRatio: capacitySettings.minimumKeepUpRatio,
                                     timeSeriesWindows: Self.timeSeriesWindows))
      } catch {
        return .failure(ScenarioUnavailable(reason: reason(for: error, model: scenario.model)))
      }
    }
  }

  /// The library's capacity search of `scenario`'s plan: the same start rate, probe plans
  /// (`RunPlan.probing`) and verdict (`ProbeRun`) as `CapacityPlanner.capacity(of:…)`.
  func makeCapacityProbes(_ scenario: Scenario, latency: LatencyModelChoice) -> Result<any CapacityProbeSource, ScenarioUnavailable> {
    plan(scenario, latency: latency).map { plan in
      PlanProbeSource(plan: plan, slo: scenario.slo, settings: capacitySettings, model: scenario.model, draws: probeDraws)
    }
  }

  /// `reason(for:model:)`, with the launch fetch's own error when that is why the config is missing.
  func reason(for error: any Error, model: String) -> String {
    if case ModelConfigResolutionError.unreachable = error, let failure = fetchFailures[model.lowercased()] {
      return "no config.json for \(model): \(failure)"
    }
    return Self.reason(for: error, model: model)
  }

  /// The library's message, except that a config that is not on disk says so plainly and a
  /// model that does not fit says so in a line short enough for the panel and the splits table.
  static func reason(for error: any Error, model: String) -> String {
    if case ModelConfigResolutionError.unreachable = error {
      return "no local config.json for \(model) (the planner reads model_configs/ only; "
        + "launch with --model \(model) to fetch it, or use --model-config-folder)"
    }
    if case KVCapacityError.doesNotFit(let gpu, let tp, let usableGiB, let neededGiB, let smallest) = error {
      let hint = smallest.map { "smallest TP that fits: \($0)" } ?? "no TP up to 64 fits"
      return "does not fit on \(gpu) at TP \(tp): needs \(String(format: "%.1f", neededGiB)) GiB per GPU, "
        + "\(String(format: "%.1f", usableGiB)) GiB usable; \(hint)"
    }
    return String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}

/// Probes of one deployment's capacity search, exactly as `CapacityPlanner.capacity(of:…)` runs them.
struct PlanProbeSource: CapacityProbeSource {
  let plan: RunPlan
  let slo: LatencySLO
  let settings: CapacitySearchSettings
  let model: String
  let startRate: Double
  /// The workload's rate-independent draws, made once for all the search's probes.
  let draws: WorkloadDraws?

  init(plan: RunPlan, slo: LatencySLO, settings: CapacitySearchSettings, model: String, draws cache: ProbeDrawsCache) {
    self.plan = plan; self.slo = slo; self.settings = settings; self.model = model
    startRate = CapacityPlanner.startRate(plan: plan)
    draws = cache.draws(of: plan, startRate: startRate, settings: settings)
  }

  func makeProbe(rate: Double) -> Result<any SteppableRun, ScenarioUnavailable> {
    do {
      let probe = try plan.probing(rate: rate, requests: settings.requests(atRate: rate))
      return .success(try ProbeRun(plan: probe, slo: slo, minimumKeepUpRatio: settings.minimumKeepUpRatio, stopWhenCertain: true,
                                   draws: draws))
    } catch {
      return .failure(ScenarioUnavailable(reason: PlanScenarioRunner.reason(for: error, model: model)))
    }
  }

  /// The same result `blis capacity` builds from the same probes.
  func result(of probes: [(rate: Double, measurement: ProbeMeasurement)]) -> CapacityResult {
    CapacityResult(split: GPUSplit(tensorParallelism: plan.settings.tensorParallelism, instances: plan.settings.engine.instances),
                   plan: plan, probes: probes)
  }
}

// The library's probe is the planner's run: a value advanced in slices on the worker threads.
extension ProbeRun: SteppableRun {}
