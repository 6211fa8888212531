import ArgumentParser
import BLISSim
import Foundation

/// `blis tui`: the interactive capacity planner.
struct TUICommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Interactive capacity planner: the best split of a GPU budget and its cost, both step-time models under sustained load, time series, TP vs replication, demo.",
    discussion: """
      Takes the same settings as `blis run` (they preset the planner; the model list offers the models \
      whose config.json is on disk). With no flags it starts with \(ScenarioOptions.plannerModel) on the \
      model's default GPU and TP, 4 instances, 40 req/s of chat traffic: the "(default: …)" values below \
      are the planner's own (--model is optional here).
      Both step-time models always run side by side, so --latency-model/--roofline are ignored, and so \
      are --results-path, --requests-out and --json (press e to export Markdown + JSON); a warning on \
      stderr names any of them given, before the screen starts. --quiet silences that warning and the \
      config-fetch message.
      Dashboard runs are sized like capacity probes: max(--num-requests, rate × 60 s) requests (the \
      Arrivals field), and judged like them: OVERLOADED when fewer than 95 % of the arrivals start over \
      the second half of the arrival period (the queue grows), else the SLO p99s decide. "served" is \
      requests started per second over that window, not counting the drain. The Load field switches \
      to a ramp (rate rising to the Rate field over the arrivals) whose knee the time series marks; \
      larger terminals show that time series (windowed TTFT/ITL p50/p99, requests in the system, KV \
      in use, served vs offered), played back at adjustable speed (space, [ ], 0).
      The answer bar (row 2) and the splits view (v): every split of the GPU budget (TP a power of \
      two, as `blis capacity --gpus N`; +/- or b changes the budget), both models, the max rate \
      within the SLO found by the same search as `blis capacity`: \(TUICommand.capacitySearchText). \
      The best split is `blis capacity`'s rule (highest capacity per GPU, counting each split's most \
      conservative unflagged estimate), shown once every search has finished, with $/h and $/M \
      output tokens; Enter adopts a split into the dashboard, s sorts.
      Keys: q quit · ? help · Tab panels · ↑↓←→/hjkl move and change · Enter edit · / filter · \
      r rerun with the next seed · p pause · v splits view · e export · space/[ ]/0 playback · \
      Ctrl-L redraw. NO_COLOR disables colour.
      Without a terminal, use `blis run`, or `blis tui --dump-frame` to print one frame as text.
      """)

  @OptionGroup var options: RunOptions<PlannerSettingDefaults>

  @Flag(help: "Cycle through prepared scenarios with captions (any key stops).") var demo = false
  @Flag(name: .customLong("dump-frame"), help: "Print one frame as text (runs to completion, no curses) and exit.")
  var dumpFrame = false
  @Option(help: "Frame width for --dump-frame, 1...\(TUICommand.maxFrameWidth) columns.") var width = 120
  @Option(help: "Frame height for --dump-frame, 1...\(TUICommand.maxFrameHeight) rows.") var height = 40

  /// The largest `--dump-frame` (a frame is width × height cells in memory).
  static let maxFrameWidth = 1000
  static let maxFrameHeight = 1000
  @Option(help: "View for --dump-frame: dashboard, splits or help.") var view = "dashboard"
  @Option(name: .customLong("dump-timeout-seconds"), help: "Wall-clock seconds --dump-frame waits for every run and capacity search; if they have not finished, the frame is printed and the exit code is 1.")
  var dumpTimeoutSeconds = 600

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
    guard dumpTimeoutSeconds >= 1 else { throw ValidationError("--dump-timeout-seconds must be ≥ 1") }
  }

  func execute(io: CommandIO) throws {
    let file = try options.output.configLayer(currentDirectory: io.currentDirectory)
    if !options.output.quiet, let warning = Self.ignoredSettingsWarning(flags: options, file: file) {
      io.writeError(warning + "\n")   // before the screen takes the terminal
    }
    let planner = try Planner.load(options: options, io: io)
    var state = planner.makeState()
    let host = planner.makeHost()
    if dumpFrame {
      let (frame, finished) = Self.dumpFrame(state: &state, host: host, view: view, width: width, height: height,
                                             timeout: .seconds(dumpTimeoutSeconds))
      try io.writeOutput(frame + "\n")
      guard finished else {
        throw CLIFailure(.runtime, "--dump-frame: the simulations did not finish within \(dumpTimeoutSeconds) s, so the frame shows "
          + "partial results; raise --dump-timeout-seconds")
      }
      return
    }
    guard TerminalEnvironment.isInteractive else {
      throw CLIFailure(.runtime, "blis tui needs a terminal (stdin and stdout must be a TTY); "
        + "use `blis run` for scripted runs, or `blis tui --dump-frame` to print one frame")
    }
    let terminal: NcursesTerminal
    do { terminal = try NcursesTerminal() } catch let error as TerminalUnavailable {
      throw CLIFailure(.runtime, error.description)
    }
    let exporter = ExportWriter(directory: URL(fileURLWithPath: "exports", isDirectory: true))
    var loop = AppLoop(state: state, terminal: terminal, host: host, exporter: exporter,
                       launchArguments: planner.launchArguments)
    loop.run(demo: demo)
    loop.terminal.close()
  }

  /// Settings the planner does not use: it always runs both step-time models, and writes
  /// results only on `e` (export).
  static let ignoredSettings = [SettingsCatalog.name(of: \.latencyModel)]
  static let ignoredOutputs = ["results-path", "requests-out", "json"]

  /// "warning: blis tui ignores --json, …" naming the ignored settings given on the command line
  /// or in the `--config` file; nil when there are none.
  static func ignoredSettingsWarning(flags options: RunOptions<PlannerSettingDefaults>, file: SettingsLayer?) -> String? {
    let layer = options.settingsLayer
    let output = options.output
    var given: [String] = []
    if layer.shorthands[ignoredSettings[0]] != nil || file?.shorthands[ignoredSettings[0]] != nil { given.append("--roofline") }
    given += ignoredSettings.filter { layer[$0] != nil || file?[$0] != nil }.map { "--" + $0 }
    let flagged = ["results-path": output.resultsPath != nil, "requests-out": output.requestsOut != nil, "json": output.json]
    given += ignoredOutputs.filter { flagged[$0] == true || file?.additional[$0] != nil }.map { "--" + $0 }
    guard !given.isEmpty else { return nil }
    return "warning: blis tui ignores " + given.joined(separator: ", ")
      + " (it runs both step-time models side by side; press e to export results)"
  }

  /// The planner's capacity search and SLO in words (from `CapacitySearchSettings.planner` and
  /// `Scenario.defaultSLO`), for the help.
  static var capacitySearchText: String {
    let s = CapacitySearchSettings.planner, slo = Scenario.defaultSLO
    let cap = s.maximumRequests.map { ", at most \($0) (`blis capacity --max-probe-requests \($0)`)" } ?? ""
    return "bisection to \(NumberFormat.compact(s.rateResolution * 100)) %, ≥ \(s.minimumRequests) requests and "
      + "≥ \(NumberFormat.compact(s.minimumArrivalSeconds)) s of arrivals per probe\(cap), keep-up ≥ "
      + "\(NumberFormat.compact(s.minimumKeepUpRatio * 100)) %, SLO TTFT p99 ≤ \(NumberFormat.compact(slo.ttftP99Ms ?? 0)) ms "
      + "and ITL p99 ≤ \(NumberFormat.compact(slo.itlP99Ms ?? 0)) ms (edit in the configuration panel)"
  }

  /// Runs every run and search of the view to completion (at most `timeout` of wall time) and
  /// renders one frame as text, playback at the end; `finished` is false when they were still running.
  static func dumpFrame(state: inout AppState, host: SimulationHost, view: String, width: Int, height: Int,
                        timeout: Duration = .seconds(600)) -> (frame: String, finished: Bool) {
    let unicode = TerminalEnvironment.adoptLocaleIsUTF8()
    if view == "splits" { state.view = .splits }
    host.start()
    defer { host.stop() }
    for case .restart(let generation, let jobs) in state.start() { host.restart(generation: generation, jobs: jobs) }
    let output = host.waitUntilFinished(generation: state.generation, timeout: timeout)
    if let output { _ = state.handle(.results(output)) }
    state.showHelp = view == "help"
    state.playback.cursorSeconds = state.playbackLimitSeconds
    state.width = width
    state.height = height
    let canvas = ScreenRenderer.render(state, width: width, height: height)
    let frame = unicode ? canvas : canvas.asciiFolded()
    let text = frame.lines.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    return (text, output?.generation == state.generation && output?.isComplete == true)
  }
}
