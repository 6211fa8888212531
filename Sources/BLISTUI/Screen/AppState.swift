import BLISSim

/// The whole state of the planner's screen: a value, changed only by `handle(_:)`.
///
/// Pure: nothing here reads files or touches threads. What the host learns about the draft
/// (validation problems, flagged models, run results) arrives as `Action.results`.
struct AppState: Sendable {
  enum View: Sendable, Hashable { case dashboard, splits }
  enum Panel: Int, Sendable, Hashable, CaseIterable { case configuration, results, kvCache }

  /// A modal editor opened with Enter (or `/`, or `b` for the GPU budget).
  enum Editor: Sendable, Hashable {
    /// A list to choose from; `filter` narrows it (typed after `/`), `selection` indexes the filtered list.
    case picker(field: ConfigField, filter: String, filtering: Bool, selection: Int)
    /// A typed value for a configuration field.
    case input(field: ConfigField, text: String)
    /// A typed GPU budget for the splits view and the answer bar.
    case budget(text: String)
  }

  /// The configuration being edited; every change restarts the runs it affects.
  var draft: Scenario
  let catalog: ScenarioCatalog

  var view: View = .dashboard
  var showHelp = false
  var focus: Panel = .configuration
  var selectedField: ConfigField = .model
  var editor: Editor?
  /// Simulations paused (`p`; playback pauses too).
  var paused = false
  /// Bumped on every restart; results of older generations are discarded.
  var generation = 0
  /// Latest results of the current generation.
  var outcomes: [RunKey: RunOutcome] = [:]
  /// The host's checks of the splits the current jobs use (the draft's own among them).
  var checks: [GPUSplit: ScenarioCheck] = [:]
  /// The jobs of the current generation, by key (to keep unchanged results across a restart).
  var jobSpecs: [RunKey: RunSpec] = [:]
  /// The deployment the `checks` are about (they are kept while it does not change).
  var checkedDeployment: Scenario?
  /// One-line message in the status line (export path, input error, …).
  var status: String?
  var demo: DemoState?
  /// First instance shown in the KV panel (scrolls with ↑/↓ when the panel is focused).
  var kvScroll = 0
  /// Terminal size in cells, as last reported by `.resize` (the main loop renders at this size).
  var width = 80
  var height = 24
  /// GPUs the splits view and the answer bar split; nil = the draft's own (TP × instances).
  var budgetOverride: Int?
  /// The splits view's selected split (index into its rows in display order) and sort column.
  var splitSelection = 0
  var splitSort = SplitTable.SortKey.split
  var playback = Playback()
  /// The serving profile every run uses (shown in the header and exports), when the library has one.
  var servingProfile: String?

  init(draft: Scenario, catalog: ScenarioCatalog) {
    self.draft = draft
    self.catalog = catalog
  }

  /// The GPU budget of the splits view and the answer bar.
  var gpuBudget: Int { budgetOverride ?? draft.split.gpuCount }

  /// The draft's problems (from the host's check); non-empty means the dashboard does not run.
  var problems: [String] { checks[draft.split]?.problems ?? [] }

  /// True until the host has checked the draft's deployment.
  var isCheckingDraft: Bool { checks[draft.split] == nil }

  /// Doubts about the draft's step-time models (shown under the configuration; the runs still go).
  var caveats: [String] {
    LatencyModelChoice.allCases.flatMap { checks[draft.split]?.flags[$0] ?? [] }
  }

  /// The run of the dashboard's column for `kind`, if it has published anything.
  func progress(_ key: RunKey) -> RunProgress? { outcomes[key]?.progress }

  /// The metrics of the run under `key`, if it has published anything.
  func metrics(_ key: RunKey, gpuCount: Int) -> ColumnMetrics? {
    progress(key).map { ColumnMetrics(progress: $0, gpuCount: gpuCount) }
  }

  /// The answer bar's content: the best split of the budget, once every search has finished.
  var answer: PlanAnswer { PlanAnswer(state: self) }
}
