import BLISSim

/// The TP-vs-replication comparison: the splits of the GPU budget (the library's rule, shared
/// with `blis capacity --gpus N`), what each did, and the order they are shown in.
enum SplitTable {
  /// Every split of `gpuBudget` GPUs whose TP is a power of two (`SplitGrid.splits`): 8 → TP1×8,
  /// TP2×4, TP4×2, TP8×1.
  static func splits(gpuBudget: Int) -> [GPUSplit] { SplitGrid.splits(gpus: gpuBudget) }

  /// One split's row group: its check, its runs at the draft's rate and its capacity searches.
  struct Row: Sendable {
    var split: GPUSplit
    /// Why the split cannot run at all (from the host's check), e.g. "does not fit … at TP 1".
    var problem: String?
    /// Doubts per step-time model (⚠ in the table, the reason under it).
    var flags: [LatencyModelChoice: [String]] = [:]
    var metrics: [LatencyModelChoice: ColumnMetrics] = [:]
    var unavailable: [LatencyModelChoice: String] = [:]
    /// Highest rate within the SLO per model (searching or finished).
    var capacity: [LatencyModelChoice: CapacityProgress] = [:]

    /// The split's capacity for sorting: the lowest finished max rate over its models (nil: none yet).
    var conservativeMaxRate: Double? {
      capacity.values.compactMap { $0.isFinished ? $0.highestPassingRate : nil }.min()
    }

    /// The lowest cost per million output tokens among its finished searches.
    var usdPerMillionOutputTokens: Double? {
      capacity.values.compactMap { $0.result?.usdPerMillionOutputTokens }.min()
    }
  }

  /// The sortable columns (`s` cycles them).
  enum SortKey: String, Sendable, Hashable, CaseIterable {
    case split, maxRate = "max rate", cost = "$/M tok", ttft = "TTFT p99"

    var next: SortKey {
      let all = Self.allCases
      return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
  }

  /// The rows of the current budget, in the state's sort order.
  static func rows(state: AppState) -> [Row] {
    let rows = splits(gpuBudget: state.gpuBudget).map { split -> Row in
      let check = state.checks[split]
      var row = Row(split: split, problem: check?.problems.first, flags: check?.flags ?? [:])
      for kind in LatencyModelChoice.allCases {
        switch state.outcomes[.split(split, kind)] {
        case .running(let progress)?: row.metrics[kind] = ColumnMetrics(progress: progress, gpuCount: split.gpuCount)
        case .unavailable(let reason)?: row.unavailable[kind] = reason
        case .pending?, .capacity?, nil: break
        }
        if let search = state.outcomes[.capacity(split, kind)] {
          if let progress = search.capacity { row.capacity[kind] = progress }
          if case .unavailable(let reason) = search, row.unavailable[kind] == nil { row.unavailable[kind] = reason }
        }
      }
      return row
    }
    return sorted(rows, by: state.splitSort)
  }

  /// `rows` ordered by `key`: the split order, or best first (highest max rate, lowest cost or
  /// TTFT p99), rows without a value last, ties in split order.
  static func sorted(_ rows: [Row], by key: SortKey) -> [Row] {
    func value(_ row: Row) -> Double? {
      switch key {
      case .split: return nil
      case .maxRate: return row.conservativeMaxRate.map { -$0 }
      case .cost: return row.usdPerMillionOutputTokens
      case .ttft: return row.metrics.values.filter { $0.ttft.count > 0 }.map(\.ttft.p99Ms).max()
      }
    }
    guard key != .split else { return rows }
    return rows.enumerated().sorted { a, b in
      switch (value(a.element), value(b.element)) {
      case (let x?, let y?) where x != y: return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      default: return a.offset < b.offset
      }
    }.map(\.element)
  }
}

/// The answer bar: for the current model, GPU, SLO and workload, the best split of the GPU
/// budget by the library's rule (`CapacityPlanner.best`), its max rate within the SLO and cost —
/// the same answer as `blis capacity --gpus N --latency-models roofline,blackbox
/// --max-probe-requests 20000` with the same settings. Nothing is crowned until every search of
/// the budget has finished.
struct PlanAnswer: Sendable {
  var budget: Int
  /// Searches of the budget: one per split and step-time model.
  var total: Int
  /// Finished searches (a model that cannot run a split counts as finished, without a result).
  var finished: Int
  /// Results of the finished searches, in split order then model order.
  var results: [CapacityResult]
  /// Index into `results` of the best split's row; nil until every search has finished (or when
  /// no split meets the SLO).
  var bestIndex: Int?

  init(state: AppState) {
    budget = state.gpuBudget
    let keys = SplitTable.splits(gpuBudget: budget).flatMap { split in
      LatencyModelChoice.allCases.map { RunKey.capacity(split, $0) }
    }
    total = keys.count
    finished = keys.filter { state.outcomes[$0]?.isDone == true }.count
    results = keys.compactMap { state.outcomes[$0]?.capacity?.result }
    bestIndex = isComplete ? CapacityPlanner.best(results) : nil
  }

  var isComplete: Bool { total > 0 && finished == total }
  var best: CapacityResult? { bestIndex.map { results[$0] } }

  /// The other models' max rates for the best split (the agreement the stakeholder should see).
  var bestSplitResults: [CapacityResult] {
    guard let best else { return [] }
    return results.filter { $0.split == best.split }
  }
}
