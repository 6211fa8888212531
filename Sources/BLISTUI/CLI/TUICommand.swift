import ArgumentParser
import Foundation

/// `blis tui`: the interactive capacity planner.
struct TUICommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tui",
    abstract: "Interactive capacity planner: both step-time models live side by side, TP vs replication, demo mode.",
    discussion: """
      Keys: q quit · ? help · Tab panels · ↑↓←→/hjkl move and change · Enter edit · / filter · r rerun · \
      p pause · v TP-vs-replication view · e export · Ctrl-L redraw. NO_COLOR disables colour.
      Without a terminal, use `blis run`, or `blis tui --dump-frame` to print one frame as text.
      """)

  @Option(help: "Model id, e.g. meta-llama/llama-3.1-8b-instruct.") var model = "meta-llama/llama-3.1-8b-instruct"
  @Option(help: "GPU name, e.g. H100.") var hardware = "H100"
  @Option(help: "Tensor-parallel degree (GPUs per instance).") var tp = 2
  @Option(name: .customLong("num-instances"), help: "Number of instances (replicas).") var numInstances = 4
  @Option(help: "Aggregate arrival rate, requests per second.") var rate = 100.0
  @Option(name: .customLong("num-requests"), help: "Requests to simulate per run.") var numRequests = 1_000
  @Option(help: "Workload preset: chatbot, summarization, contentgen, multidoc.") var workload = "chatbot"
  @Option(name: .customLong("routing-policy"), help: "Routing policy: round-robin, least-loaded.")
  var routingPolicy = "round-robin"
  @Option(help: "Random seed.") var seed: UInt64 = 42
  @Flag(help: "Cycle through prepared scenarios with captions (any key stops).") var demo = false
  @Flag(name: .customLong("dump-frame"), help: "Print one frame as text (runs to completion, no curses) and exit.")
  var dumpFrame = false
  @Option(help: "Frame width for --dump-frame.") var width = 120
  @Option(help: "Frame height for --dump-frame.") var height = 40
  @Option(help: "View for --dump-frame: dashboard, splits or help.") var view = "dashboard"

  func validate() throws {
    guard tp >= 1 else { throw ValidationError("--tp \(tp) is not valid: use a whole number ≥ 1") }
    guard numInstances >= 1 else { throw ValidationError("--num-instances \(numInstances) is not valid: use ≥ 1") }
    guard rate.isFinite, rate > 0 else { throw ValidationError("--rate \(rate) is not valid: use a number > 0 (req/s)") }
    guard numRequests >= 1 else { throw ValidationError("--num-requests \(numRequests) is not valid: use ≥ 1") }
    guard width >= 1, height >= 1 else { throw ValidationError("--width/--height must be ≥ 1") }
    guard ["dashboard", "splits", "help"].contains(view) else {
      throw ValidationError("--view \"\(view)\" is not valid: use dashboard, splits or help")
    }
  }

  /// The one place where flags become a `Scenario` (the lead swaps in `blis run`'s option group here).
  func scenario() -> Scenario {
    Scenario(model: model.lowercased(), hardware: hardware, tensorParallelism: tp, instances: numInstances,
             rateRequestsPerSecond: rate, numRequests: numRequests, workload: workload, routingPolicy: routingPolicy,
             seed: seed)
  }

  func run() throws {
    // The engine seam: swap these two for the real runner and validator.
    let runner = PreviewScenarioRunner()
    var state = AppState(draft: scenario(), catalog: PreviewCatalog.catalog, validator: PreviewCatalog())
    let host = SimulationHost(runner: runner)
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

  /// Runs the scenario to completion (at most 20 s of wall time) and renders one frame as text.
  static func dumpFrame(state: inout AppState, host: SimulationHost, view: String, width: Int, height: Int) -> String {
    let unicode = TerminalEnvironment.adoptLocaleIsUTF8()
    if view == "splits" { state.view = .splits }
    host.start()
    defer { host.stop() }
    for case .restart(let generation, let jobs) in state.start() { host.restart(generation: generation, jobs: jobs) }
    if let output = host.waitUntilFinished(generation: state.generation, timeout: .seconds(20)) {
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
