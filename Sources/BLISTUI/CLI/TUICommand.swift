import ArgumentParser
import BLISSim
import Foundation

/// `blis tui`: the interactive capacity planner.
struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Interactive capacity planner: both step-time models live side by side, TP vs replication, demo mode.",
    discussion: """
      Takes the same settings as `blis run` (they preset the planner; the model list offers the models \
      whose config.json is on disk). With no flags it starts with \(ScenarioOptions.plannerModel) on the \
      model's default GPU and TP, 4 instances, 40 req/s of chat traffic.
      Defaults: the "(default: …)" values below are `blis run`'s; where neither a flag nor --config sets \
      them, the planner uses \(TUICommand.plannerDefaultsText), and --hardware/--tp from the model's \
      defaults.yaml row. --model is optional here.
      Both step-time models always run side by side, so --latency-model/--roofline are ignored, and so \
      are --results-path, --requests-out and --json (press e to export Markdown + JSON); a warning on \
      stderr names any of them given, before the screen starts. --quiet silences that warning and the \
      config-fetch message.
      TP vs replication (v): every split of the GPU budget (TP × instances) with both models, and per \
      split the max rate within the SLO, found by the same search as `blis capacity`: \
      \(TUICommand.capacitySearchText).
      Keys: q quit · ? help · Tab panels · ↑↓←→/hjkl move and change · Enter edit · / filter · r rerun · \
      p pause · v TP-vs-replication view · e export · Ctrl-L redraw. NO_COLOR disables colour.
      Without a terminal, use `blis run`, or `blis tui --dump-frame` to print one frame as text.
      """)

  @OptionGroup var options: RunOptions

  @Flag(help: "Cycle through prepared scenarios with captions (any key stops).") var demo = false
  @Flag(name: .customLong("dump-frame"), help: "Print one frame as text (runs to completion, no curses) and exit.")
  var dumpFrame = false
  @Option(help: "Frame width for --dump-frame, 1...\(TUICommand.maxFrameWidth) columns.") var width = 120
  @Option(help: "Frame height for --dump-frame, 1...\(TUICommand.maxFrameHeight) rows.") var height = 40
  @Option(help: "View for --dump-frame: dashboard, splits or help.") var view = "dashboard"

  func validate() throws {
    guard (1...Self.maxFrameWidth).contains(width) else {
      throw ValidationError("--width \(width) is invalid (allowed: 1...\(Self.maxFrameWidth) columns)")
    }
    guard (1...Self.maxFrameHeight).contains(height) else {
      throw ValidationError("--height \(height) is invalid (allowed: 1...\(Self.maxFrameHeight) rows)")
    }
    guard ["dashboard", "splits", "help"].contains(view) else {
      throw ValidationError("--view \"\(view)\" is not valid: use dashboard, splits or help")
    }
  }

  func run() throws {
    if !options.output.quiet, let warning = Self.ignoredSettingsWarning(flags: options.flagLayer, file: launchFile()) {
      StandardStream.error.writeIgnoringErrors(warning + "\n")   // before the screen takes the terminal
    }
    let planner = try Planner.load(options: options)
    var state = AppState(draft: planner.initialScenario, catalog: planner.catalog, validator: planner.validator)
    let host = SimulationHost(runner: planner.runner)
    if dumpFrame {
      try StandardStream.output.write(Self.dumpFrame(state: &state, host: host, view: view, width: width, height: height) + "\n")
      return
    }
    guard TerminalEnvironment.isInteractive else {
      StandardStream.error.writeIgnoringErrors("blis tui needs a terminal (stdin and stdout must be a TTY); "
        + "use `blis run` for scripted runs, or `blis tui --dump-frame` to print one frame\n")
      throw ExitCode.failure
    }
    let terminal: NcursesTerminal
    do { terminal = try NcursesTerminal() } catch let error as TerminalUnavailable {
      StandardStream.error.writeIgnoringErrors(error.description + "\n")
      throw ExitCode.failure
    }
    let exporter = ExportWriter(directory: URL(fileURLWithPath: "exports", isDirectory: true))
    var loop = AppLoop(state: state, terminal: terminal, host: host, exporter: exporter)
    loop.run(demo: demo)
    loop.terminal.close()
  }

  /// The largest `--dump-frame` (a frame is width × height cells in memory).
  static let maxFrameWidth = 1000
  static let maxFrameHeight = 1000

  /// Run settings the planner does not use: it always runs both step-time models, and writes
  /// results only on `e` (export).
  static let ignoredKeys: [RunOptionKey] = [.latencyModel, .roofline, .resultsPath, .requestsOut, .json]

  /// "warning: blis tui ignores --json, …" naming the ignored settings given on the command line
  /// or in the `--config` file; nil when there are none.
  static func ignoredSettingsWarning(flags: RunOptionLayer, file: RunOptionLayer?) -> String? {
    let given = ignoredKeys.filter { flags[$0] != nil || file?[$0] != nil }
    guard !given.isEmpty else { return nil }
    return "warning: blis tui ignores " + given.map { "--\($0.rawValue)" }.joined(separator: ", ")
      + " (it runs both step-time models side by side; press e to export results)"
  }

  /// The planner's own defaults, e.g. "--model meta-llama/… --num-instances 4 --rate 40 …".
  static var plannerDefaultsText: String {
    let values = ScenarioOptions.launchDefaults.sorted { $0.key.rawValue < $1.key.rawValue }
      .map { "--\($0.key.rawValue) \($0.value)" }
    return (["--model \(ScenarioOptions.plannerModel)"] + values).joined(separator: ", ")
  }

  /// The planner's capacity search and SLO in words (from `CapacitySearchSettings.planner` and
  /// `ServiceLevelObjective()`), for the help.
  static var capacitySearchText: String {
    let s = CapacitySearchSettings.planner, slo = ServiceLevelObjective()
    let cap = s.maximumRequests.map { ", at most \($0) (`blis capacity --max-probe-requests \($0)`)" } ?? ""
    return "bisection to \(NumberFormat.compact(s.rateResolution * 100)) %, ≥ \(s.minimumRequests) requests and "
      + "≥ \(NumberFormat.compact(s.minimumArrivalSeconds)) s of arrivals per probe\(cap), keep-up ≥ "
      + "\(NumberFormat.compact(s.minimumKeepUpRatio * 100)) %, SLO TTFT p99 ≤ \(NumberFormat.compact(slo.ttftP99Ms)) ms "
      + "and ITL p99 ≤ \(NumberFormat.compact(slo.itlP99Ms)) ms (edit in the configuration panel)"
  }

  /// The `--config` file's settings for the warning (its errors are reported by `Planner.load`).
  private func launchFile() -> RunOptionLayer? {
    try? options.configLayer(currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  }

  /// Runs the scenario to completion (at most 60 s of wall time) and renders one frame as text.
  static func dumpFrame(state: inout AppState, host: SimulationHost, view: String, width: Int, height: Int) -> String {
    let unicode = TerminalEnvironment.adoptLocaleIsUTF8()
    if view == "splits" { state.view = .splits }
    host.start()
    defer { host.stop() }
    for case .restart(let generation, let jobs) in state.start() { host.restart(generation: generation, jobs: jobs) }
    if let output = host.waitUntilFinished(generation: state.generation, timeout: .seconds(60)) {
      _ = state.handle(.results(output))
    }
    state.showHelp = view == "help"
    state.width = width
    state.height = height
    let canvas = ScreenRenderer.render(state, width: width, height: height)
    let frame = unicode ? canvas : canvas.asciiFolded()
    return frame.lines.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
  }
}
