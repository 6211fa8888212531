import BLISSim

/// Identifies one background run of the current generation.
enum RunKey: Sendable, Hashable {
  /// The dashboard's column for a step-time model.
  case dashboard(LatencyModelChoice)
  /// One split of the TP-vs-replication view at the draft's rate.
  case split(GPUSplit, LatencyModelChoice)
  /// The search for the highest rate within the SLO of one split (the library's
  /// `CapacityBracket` driven through `ProbeRun`s, as `blis capacity` searches). Feeds the answer
  /// bar and the splits view's max-rate column.
  case capacity(GPUSplit, LatencyModelChoice)

  var latency: LatencyModelChoice {
    switch self {
    case .dashboard(let kind), .split(_, let kind), .capacity(_, let kind): kind
    }
  }

  var isCapacitySearch: Bool {
    if case .capacity = self { return true }
    return false
  }
}

/// A run the host should start: what to simulate and under which key to publish it.
struct RunJob: Sendable, Hashable {
  var key: RunKey
  var scenario: Scenario

  /// What is simulated, independent of where the screen shows it: jobs with the same spec share
  /// one run. A plain run ignores the SLO (the screen judges its measurement against the current
  /// SLO); a capacity search chooses its own rates and probe sizes, so the draft's rate, length
  /// and load shape do not change it (editing them keeps the searches going).
  var spec: RunSpec {
    var scenario = self.scenario
    if key.isCapacitySearch {
      scenario.rateRequestsPerSecond = 1
      scenario.minimumRequests = 1
      scenario.arrivalSeconds = 1
      scenario.load = .steady
    } else {
      scenario.slo = LatencySLO()
    }
    return RunSpec(scenario: scenario, latency: key.latency, isCapacitySearch: key.isCapacitySearch)
  }
}

/// What one run simulates (see `RunJob.spec`).
struct RunSpec: Sendable, Hashable {
  var scenario: Scenario
  var latency: LatencyModelChoice
  var isCapacitySearch: Bool
}

/// A plain run so far: the engine's snapshot, and once finished the library's judgement of it
/// (keep-up and SLO over the measurement window, as a capacity probe) and its time series.
struct RunProgress: Sendable {
  var snapshot: SimulationSnapshot
  /// Nil until the run has finished (and judged).
  var measurement: ProbeMeasurement?
  /// Windowed latencies, load and KV over simulated time (nil if the run does not record one).
  var series: TimeSeries?

  var isFinished: Bool { measurement != nil }
}

/// The latest state of one run, as the screen sees it.
enum RunOutcome: Sendable {
  /// Not started yet (or no snapshot published yet).
  case pending
  case running(RunProgress)
  /// The model cannot run this scenario; `reason` is shown in place of numbers.
  case unavailable(String)
  /// Progress of a capacity search (`RunKey.capacity`): the library's bracket and probes so far.
  case capacity(CapacityProgress)

  var progress: RunProgress? {
    if case .running(let progress) = self { return progress }
    return nil
  }

  var snapshot: SimulationSnapshot? { progress?.snapshot }

  var capacity: CapacityProgress? {
    if case .capacity(let progress) = self { return progress }
    return nil
  }

  /// Finished, unavailable, or a finished search.
  var isDone: Bool {
    switch self {
    case .pending: false
    case .running(let progress): progress.isFinished
    case .unavailable: true
    case .capacity(let progress): progress.isFinished
    }
  }
}

/// What the host found about one split of the current draft before simulating it (from the
/// library's checks, on the worker thread): problems stop it from running at all; flags are
/// doubts about one step-time model's numbers (e.g. an unphysical blackbox row).
struct ScenarioCheck: Sendable, Hashable {
  var problems: [String] = []
  var flags: [LatencyModelChoice: [String]] = [:]
}

/// Everything the host has published for one generation of runs.
struct HostOutput: Sendable {
  var generation: Int
  var outcomes: [RunKey: RunOutcome]
  /// Checks of the splits the generation's jobs use, by split.
  var checks: [GPUSplit: ScenarioCheck] = [:]
  /// Increases with every publication, so a reader can skip outputs it has already seen.
  var sequence = 0

  /// Whether every run has finished or is unavailable.
  var isComplete: Bool { outcomes.values.allSatisfy(\.isDone) }
}
