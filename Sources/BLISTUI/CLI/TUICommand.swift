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

  @OptionGroup var options: RunOptions

  @Flag(help: "Cycle through prepared scenarios with captions (any key stops).") var demo = false
  @Flag(name: .customLong("dump-frame"), help: "Print one frame as text (runs to completion, no curses) and exit.")
  var dumpFrame = false
  @Option(help: "Frame width for --dump-frame.") var width = 120
  @Option(help: "Frame height for --dump-frame.") var height = 40
  @Option(help: "View for --dump-frame: dashboard, splits or help.") var view = "dashboard"
  @Option(name: .customLong("dump-timeout-seconds"),
          help: "Longest --dump-frame waits for every run and search to finish; then it prints the partial frame, says so on stderr and exits 1.")
  var dumpTimeoutSeconds = 600

  func validate() throws {
    guard width >= 1, height >= 1 else { throw ValidationError("--width/--height must be ≥ 1") }
    guard dumpTimeoutSeconds >= 1 else { throw ValidationError("--dump-timeout-seconds must be ≥ 1") }
    guard ["dashboard", "splits", "help"].contains(view) else {
      throw ValidationError("--view \"\(view)\" is not valid: use dashboard, splits or help")
    }
  }

  func run() throws {
    if !options.output.quiet, let warning = Self.ignoredSettingsWarning(flags: options.flagLayer, file: launchFile()) {
      FileHandle.standardError.write(Data((warning + "\n").utf8))   // before the screen takes the terminal
    }
    let planner = try Planner.load(options: options)
    var state = planner.makeState()
    let host = planner.makeHost()
    if dumpFrame {
      let (frame, complete) = Self.dumpFrame(state: &state, host: host, view: view, width: width, height: height,
                                             timeout: .seconds(dumpTimeoutSeconds))
      print(frame)
      guard complete else {
        FileHandle.standardError.write(Data("blis tui --dump-frame: runs still unfinished after \(dumpTimeoutSeconds) s; the frame above is partial\n".utf8))
        throw ExitCode.failure
      }
      return
    }
    guard TerminalEnvironment.isInteractive else {
      FileHandle.standardError.write(Data(("blis tui needs a terminal (stdin and stdout must be a TTY); "
        + "use `blis run` for scripted runs, or `blis tui --dump-frame` to print one frame\n").utf8))
      throw ExitCode.failure
    }
    let terminal: NcursesTerminal
    do { terminal = try NcursesTerminal() } catch let error as TerminalUnavailable {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      throw ExitCode.failure
    }
    let exporter = ExportWriter(directory: URL(fileURLWithPath: "exports", isDirectory: true))
    var loop = AppLoop(state: state, terminal: terminal, host: host, exporter: exporter,
                       launchArguments: planner.launchArguments)
    loop.run(demo: demo)
    loop.terminal.close()
  }

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
  /// `Scenario.defaultSLO`), for the help.
  static var capacitySearchText: String {
    let s = CapacitySearchSettings.planner, slo = Scenario.defaultSLO
    let cap = s.maximumRequests.map { ", at most \($0) (`blis capacity --max-probe-requests \($0)`)" } ?? ""
    return "bisection to \(NumberFormat.compact(s.rateResolution * 100)) %, ≥ \(s.minimumRequests) requests and "
      + "≥ \(NumberFormat.compact(s.minimumArrivalSeconds)) s of arrivals per probe\(cap), keep-up ≥ "
      + "\(NumberFormat.compact(s.minimumKeepUpRatio * 100)) %, SLO TTFT p99 ≤ \(NumberFormat.compact(slo.ttftP99Ms ?? 0)) ms "
      + "and ITL p99 ≤ \(NumberFormat.compact(slo.itlP99Ms ?? 0)) ms (edit in the configuration panel)"
  }

  /// The `--config` file's settings for the warning (its errors are reported by `Planner.load`).
  private func launchFile() -> RunOptionLayer? {
    try? options.configLayer(currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  }

  /// Runs every run and search of the view to completion (at most `timeout`) and renders one frame
  /// as text, playback at the end. Returns the frame and whether everything had finished.
  static func dumpFrame(state: inout AppState, host: SimulationHost, view: String, width: Int, height: Int,
                        timeout: Duration) -> (frame: String, complete: Bool) {
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
    return (text, output?.isComplete == true)
  }
}
