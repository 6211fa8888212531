import BLISSim

/// The whole state of the planner's screen: a value, changed only by `handle(_:)`.
struct AppState: Sendable {
  enum View: Sendable, Hashable { case dashboard, splits }
  enum Panel: Int, Sendable, Hashable, CaseIterable { case configuration, results, kvCache }

  /// A modal editor opened with Enter on a configuration field.
  enum Editor: Sendable, Hashable {
    /// A list to choose from; `filter` narrows it (typed after `/`), `selection` indexes the filtered list.
    case picker(field: ConfigField, filter: String, filtering: Bool, selection: Int)
    /// A typed value.
    case input(field: ConfigField, text: String)
  }

  /// The configuration being edited; every valid change restarts the runs.
  var draft: Scenario
  let catalog: ScenarioCatalog
  let validator: any ScenarioValidator

  var view: View = .dashboard
  var showHelp = false
  var focus: Panel = .configuration
  var selectedField: ConfigField = .model
  var editor: Editor?
  var paused = false
  /// Bumped on every restart; results of older generations are discarded.
  var generation = 0
  /// Latest results of the current generation.
  var outcomes: [RunKey: RunOutcome] = [:]
  /// Problems of the current draft (from the validator); non-empty means nothing is simulated.
  var problems: [String] = []
  /// Caveats of the current draft (shown under the configuration; the runs still go).
  var caveats: [String] = []
  /// One-line message in the status line (export path, input error, …).
  var status: String?
  var demo: DemoState?
  /// First instance shown in the KV panel (scrolls with ↑/↓ when the panel is focused).
  var kvScroll = 0
  /// Terminal size in cells, as last reported by `.resize` (the main loop renders at this size).
  var width = 80
  var height = 24

  init(draft: Scenario, catalog: ScenarioCatalog, validator: any ScenarioValidator) {
    self.draft = draft
    self.catalog = catalog
    self.validator = validator
  }

  /// The GPU budget that the TP-vs-replication view splits: the draft's TP × instances.
  var gpuBudget: Int { draft.gpuCount }

  /// The runs the current view needs: the dashboard's two columns; with the TP-vs-replication view
  /// open, also every valid split with both models, then (last, so they get leftover time) a
  /// capacity search per split and model.
  var jobs: [RunJob] {
    var result = LatencyKind.allCases.map { RunJob(key: .dashboard($0), scenario: draft) }
    guard view == .splits else { return result }
    let splits = SplitPlan.splits(gpuBudget: gpuBudget).filter {
      validator.problems(in: draft.withSplit(tensorParallelism: $0.tensorParallelism, instances: $0.instances)).isEmpty
    }
    for split in splits {
      let scenario = draft.withSplit(tensorParallelism: split.tensorParallelism, instances: split.instances)
      for kind in LatencyKind.allCases {
        result.append(RunJob(key: .split(tensorParallelism: split.tensorParallelism, instances: split.instances, kind),
                             scenario: scenario))
      }
    }
    for split in splits {
      let scenario = draft.withSplit(tensorParallelism: split.tensorParallelism, instances: split.instances)
      for kind in LatencyKind.allCases {
        result.append(RunJob(key: .capacity(tensorParallelism: split.tensorParallelism, instances: split.instances, kind),
                             scenario: scenario))
      }
    }
    return result
  }

  /// The metrics of the run under `key`, if it has published anything.
  func metrics(_ key: RunKey, gpuCount: Int) -> ColumnMetrics? {
    outcomes[key]?.snapshot.map { ColumnMetrics(snapshot: $0, gpuCount: gpuCount) }
  }
}
