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
  /// One-line message in the status line (export path, input error, …).
  var status: String?
  var demo: DemoState?
  /// First instance shown in the KV panel (scrolls with ↑/↓ when the panel is focused).
  var kvScroll = 0
  var width = 80
  var height = 24

  init(draft: Scenario, catalog: ScenarioCatalog, validator: any ScenarioValidator) {
    self.draft = draft
    self.catalog = catalog
    self.validator = validator
  }

  /// The GPU budget that the TP-vs-replication view splits: the draft's TP × instances.
  var gpuBudget: Int { draft.gpuCount }

  /// The runs the current view needs: the dashboard's two columns, plus every split when that view is open.
  var jobs: [RunJob] {
    var result = LatencyKind.allCases.map { RunJob(key: .dashboard($0), scenario: draft) }
    if view == .splits {
      for split in SplitPlan.splits(gpuBudget: gpuBudget) where validator.problems(in: draft.withSplit(
        tensorParallelism: split.tensorParallelism, instances: split.instances)).isEmpty {
        for kind in LatencyKind.allCases {
          result.append(RunJob(key: .split(tensorParallelism: split.tensorParallelism, instances: split.instances, kind),
                               scenario: draft.withSplit(tensorParallelism: split.tensorParallelism,
                                                         instances: split.instances)))
        }
      }
    }
    return result
  }

  /// The metrics of the run under `key`, if it has published anything.
  func metrics(_ key: RunKey, gpuCount: Int) -> ColumnMetrics? {
    outcomes[key]?.snapshot.map { ColumnMetrics(snapshot: $0, gpuCount: gpuCount) }
  }
}
