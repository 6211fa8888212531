import BLISSim

/// Identifies one background run of the current generation.
enum RunKey: Sendable, Hashable {
  /// The dashboard's column for a latency model.
  case dashboard(LatencyKind)
  /// One split of the TP-vs-replication view.
  case split(tensorParallelism: Int, instances: Int, LatencyKind)
  /// The search for the highest rate within the SLO of one split (a `CapacityBracket` driven
  /// through many probe runs, as `blis capacity` searches).
  case capacity(tensorParallelism: Int, instances: Int, LatencyKind)

  var latency: LatencyKind {
    switch self {
    case .dashboard(let kind), .split(_, _, let kind), .capacity(_, _, let kind): kind
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
}

/// The latest state of one run, as the screen sees it.
enum RunOutcome: Sendable {
  /// Not started yet (or no snapshot published yet).
  case pending
  case running(SimulationSnapshot)
  /// The model cannot run this scenario; `reason` is shown in place of numbers.
  case unavailable(String)
  /// Progress of a capacity search (`RunKey.capacity`): the library's bracket and probes so far.
  case capacity(CapacityProgress)

  var snapshot: SimulationSnapshot? {
    if case .running(let snapshot) = self { return snapshot }
    return nil
  }

  var capacity: CapacityProgress? {
    if case .capacity(let progress) = self { return progress }
    return nil
  }
}

/// Everything the host has published for one generation of runs.
struct HostOutput: Sendable {
  var generation: Int
  var outcomes: [RunKey: RunOutcome]
  /// Increases with every publication, so a reader can skip outputs it has already seen.
  var sequence = 0
}
