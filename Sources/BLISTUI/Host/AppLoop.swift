import Foundation

/// The interactive main loop: input → reducer → effects → render, about 20 frames a second.
/// Runs on the main thread, which owns the terminal; simulations and exports run elsewhere.
struct AppLoop<T: Terminal> {
  var state: AppState
  var terminal: T
  let host: SimulationHost
  let exporter: ExportWriter
  /// The launch flags that still apply to a scenario (the exports' reproduce commands).
  var launchArguments: @Sendable (Scenario) -> [String] = { _ in [] }
  /// Frame period: `getch` waits at most this long, so the screen refreshes ~20 times a second.
  static var frameMilliseconds: Int { 50 }

  /// Runs until the user quits. Starts demo mode first when `demo` is set.
  mutating func run(demo: Bool) {
    host.start()
    defer { host.stop() }
    state.width = terminal.width
    state.height = terminal.height
    var quit = perform(demo ? state.startDemo() : state.start())
    let clock = ContinuousClock()
    var lastTick = clock.now
    var lastSequence = -1
    // Render only when something changed: once the runs finish the loop just waits for keys
    // (ncurses would diff an identical frame to nothing anyway, but building it costs CPU).
    var dirty = true
    while !quit {
      if dirty {
        terminal.draw(ScreenRenderer.render(state, width: state.width, height: state.height))
        dirty = false
      }
      switch terminal.nextInput(timeoutMilliseconds: Self.frameMilliseconds) {
      case .key(let key)?: quit = perform(state.handle(.key(key))); dirty = true
      case .resize(let width, let height)?: _ = state.handle(.resize(width: width, height: height)); dirty = true
      case nil: break
      }
      if quit { break }
      let now = clock.now
      let elapsed = now - lastTick
      lastTick = now
      let tickEffects = state.handle(.tick(elapsedMilliseconds: Int(elapsed.components.seconds * 1_000
        + elapsed.components.attoseconds / 1_000_000_000_000_000)))
      quit = perform(tickEffects)
      if !tickEffects.isEmpty { dirty = true }
      if let output = host.latest(), output.sequence != lastSequence {
        lastSequence = output.sequence
        _ = state.handle(.results(output))
        dirty = true
      }
      if let exported = exporter.takeResult() { _ = state.handle(.exportFinished(exported)); dirty = true }
    }
  }

  /// Carries out effects; returns true when the loop should end.
  private mutating func perform(_ effects: [Effect]) -> Bool {
    for effect in effects {
      switch effect {
      case .restart(let generation, let jobs): host.restart(generation: generation, jobs: jobs)
      case .setPaused(let paused): host.setPaused(paused)
      case .redraw: terminal.invalidate()
      case .export:
        let stamps = ExportWriter.timestamps(for: Date())
        exporter.write(ExportDocument(state: state, launchArguments: launchArguments, timestamp: stamps.file,
                                      isoTime: stamps.iso))
      case .quit: return true
      }
    }
    return false
  }
}
