import BLISSim

extension AppState {
  /// The runs the screen needs, highest priority first:
  /// 1. the dashboard's two columns (the draft, both step-time models);
  /// 2. with the TP-vs-replication view open, every split of the budget at the draft's rate
  ///    (steady load), both models — one of them is the dashboard's run, shared;
  /// 3. the capacity search of every split and model: the answer bar's, and the splits view's
  ///    max-rate column (the same searches, shared).
  /// Jobs are emitted whatever the checks say: the host checks each split first, and a split
  /// that cannot run is published as unavailable, so valid splits run even when the draft is
  /// invalid.
  var jobs: [RunJob] {
    let kinds = LatencyModelChoice.allCases
    var result = kinds.map { RunJob(key: .dashboard($0), scenario: draft) }
    let splits = SplitTable.splits(gpuBudget: gpuBudget)
    if view == .splits {
      for split in splits {
        var scenario = draft.withSplit(split)
        scenario.load = .steady
        result += kinds.map { RunJob(key: .split(split, $0), scenario: scenario) }
      }
    }
    for split in splits {
      result += kinds.map { RunJob(key: .capacity(split, $0), scenario: draft.withSplit(split)) }
    }
    return result
  }
}
