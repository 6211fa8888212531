import BLISSim

/// One way to spend a GPU budget: `instances` replicas of `tensorParallelism` GPUs each.
struct Split: Sendable, Hashable {
  var tensorParallelism: Int
  var instances: Int
  var label: String { "TP\(tensorParallelism) × \(instances)" }
}

/// The TP-vs-replication comparison: which splits exist and which one is best.
enum SplitPlan {
  /// Every split of `gpuBudget` GPUs (each divisor as TP), smallest TP first: 8 → 1×8, 2×4, 4×2, 8×1.
  static func splits(gpuBudget: Int) -> [Split] {
    guard gpuBudget >= 1 else { return [] }
    return (1...gpuBudget).filter { gpuBudget % $0 == 0 }.map { Split(tensorParallelism: $0, instances: gpuBudget / $0) }
  }

  /// One row of the comparison table.
  struct Row: Sendable {
    var split: Split
    /// Why the split cannot run at all (from the validator), e.g. "does not fit at TP1: needs TP ≥ 2".
    var problem: String?
    var metrics: [LatencyKind: ColumnMetrics]
    var unavailable: [LatencyKind: String]
    /// Highest rate within the SLO per model (searching or finished).
    var capacity: [LatencyKind: CapacityProgress] = [:]

    /// Whether every model that produced numbers keeps TTFT p99 and ITL p99 within the SLO.
    func meetsSLO(_ slo: ServiceLevelObjective) -> Bool {
      let states = metrics.values.compactMap { $0.sloState(slo) }
      return !states.isEmpty && states.allSatisfy { $0 != .violated }
    }

    /// E2E p99 averaged over the models that produced numbers (ms), or nil before any completion.
    var meanE2EP99Ms: Double? {
      let values = metrics.values.filter { $0.e2e.count > 0 }.map(\.e2e.p99Ms)
      return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
  }

  /// Builds the table rows from the current outcomes.
  static func rows(state: AppState) -> [Row] {
    splits(gpuBudget: state.gpuBudget).map { split in
      let scenario = state.draft.withSplit(tensorParallelism: split.tensorParallelism, instances: split.instances)
      var row = Row(split: split, problem: state.validator.problems(in: scenario).first, metrics: [:], unavailable: [:])
      for kind in LatencyKind.allCases {
        switch state.outcomes[.split(tensorParallelism: split.tensorParallelism, instances: split.instances, kind)] {
        case .running(let snapshot)?: row.metrics[kind] = ColumnMetrics(snapshot: snapshot, gpuCount: scenario.gpuCount)
        case .unavailable(let reason)?: row.unavailable[kind] = reason
        case .pending?, .capacity?, nil: break
        }
        let capacityKey = RunKey.capacity(tensorParallelism: split.tensorParallelism, instances: split.instances, kind)
        row.capacity[kind] = state.outcomes[capacityKey]?.capacity
      }
      return row
    }
  }

  /// The best split. Once the roofline capacity search of every runnable split has finished: the
  /// one that serves the most requests per second within the SLO (the planner's question; the
  /// roofline runs for every split, while blackbox rows may be missing or implausible). Until then:
  /// among splits with numbers, those meeting the SLO on every model first, then the lowest E2E
  /// p99 (averaged over the models). Nil until some split has numbers.
  static func best(_ rows: [Row], slo: ServiceLevelObjective) -> Split? {
    let runnable = rows.filter { $0.problem == nil }
    let capacities = runnable.compactMap { row -> (split: Split, rate: Double)? in
      guard let search = row.capacity[.roofline], search.isFinished, let rate = search.highestPassingRate else { return nil }
      return (row.split, rate)
    }
    if !runnable.isEmpty && capacities.count == runnable.count {
      return capacities.max { $0.rate < $1.rate }?.split
    }
    let candidates = runnable.filter { $0.meanE2EP99Ms != nil }
    let winner = candidates.min { a, b in
      let (aOK, bOK) = (a.meetsSLO(slo), b.meetsSLO(slo))
      if aOK != bOK { return aOK }
      return (a.meanE2EP99Ms ?? .infinity) < (b.meanE2EP99Ms ?? .infinity)
    }
    return winner?.split
  }
}
