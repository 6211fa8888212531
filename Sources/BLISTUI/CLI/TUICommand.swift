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
      Keys: q quit · ? help · Tab panels · ↑↓←→/hjkl move and change · Enter edit · / filter · r rerun · \
      p pause · v TP-vs-replication view · e export · Ctrl-L redraw. NO_COLOR disables colour.
      Without a terminal, use `blis run`, or `blis tui --dump-frame` to print one frame as text.
      """)

  @OptionGroup var options: RunOptions

  @Flag(help: "Cycle through prepared scenarios with captions (any key stops).") var demo = false
  @Flag(name: .customLong("dump-frame"), help: "Print one frame as text (runs to completion, no curses) and exit.")
  var dumpFrame = false
  @Option(help: "Frame width for --dump-frame.") var width = 120
  @Option(help: "Frame height for --dump-frame.") var height = 40
  @Option(help: "View for --dump-frame: dashboard, splits or help.") var view = "dashboard"

  func validate() throws {
    guard width >= 1, height >= 1 else { throw ValidationError("--width/--height must be ≥ 1") }
    guard ["dashboard", "splits", "help"].contains(view) else {
      throw ValidationError("--view \"\(view)\" is not valid: use dashboard, splits or help")
    }
  }

  func run() throws {
    let planner = try Planner.load(options: options)
    var state = AppState(draft: planner.initialScenario, catalog: planner.catalog, validator: planner.validator)
    let host = SimulationHost(runner: planner.runner)
    if dumpFrame {
      print(Self.dumpFrame(state: &state, host: host, view: view, width: width, height: height))
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
    var loop = AppLoop(state: state, terminal: terminal, host: host, exporter: exporter)
    loop.run(demo: demo)
    loop.terminal.close()
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
