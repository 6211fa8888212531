/// The reducer: actions in, state changes and effects out. Pure — no threads, files or terminal.
extension AppState {
  /// Applies `action` and returns the effects the host must perform, in order.
  mutating func handle(_ action: Action) -> [Effect] {
    switch action {
    case .key(let key):
      return handleKey(key)
    case .resize(let newWidth, let newHeight):
      width = newWidth
      height = newHeight
      return []
    case .tick(let elapsed):
      return advanceDemo(elapsedMilliseconds: elapsed)
    case .results(let output):
      guard output.generation == generation else { return [] }   // a stale frame of an older configuration
      outcomes = output.outcomes
      return []
    case .exportFinished(.success(let path)):
      status = "exported \(path) (+ .json)"
      return []
    case .exportFinished(.failure(let failure)):
      status = failure.message
      return []
    }
  }

  /// Starts the first generation of runs (called once at launch).
  mutating func start() -> [Effect] {
    restart()
  }

  /// Validates the draft and, when valid, starts a new generation of runs.
  mutating func restart() -> [Effect] {
    problems = validator.problems(in: draft)
    caveats = problems.isEmpty ? validator.caveats(in: draft) : []
    generation += 1
    outcomes = [:]
    guard problems.isEmpty else { return [.restart(generation: generation, jobs: [])] }
    return [.restart(generation: generation, jobs: jobs)]
  }

  private mutating func handleKey(_ key: Key) -> [Effect] {
    if key == .control("c") { return [.quit] }
    if demo != nil {                       // any key stops the demo; q still quits
      demo = nil
      status = "demo stopped"
      return key == .character("q") ? [.quit] : []
    }
    if editor != nil { return handleEditorKey(key) }
    if showHelp {
      switch key {
      case .character("q"): return [.quit]
      default: showHelp = false; return []     // Esc, ? or any key closes help
      }
    }
    switch key {
    case .character("q"): return [.quit]
    case .character("?"): showHelp = true; return []
    case .control("l"): return [.redraw]
    case .character("p"):
      paused.toggle()
      status = paused ? "paused" : nil
      return [.setPaused(paused)]
    case .character("r"):
      status = nil
      return restart()
    case .character("e"):
      status = "exporting…"
      return [.export]
    case .character("v"):
      view = view == .dashboard ? .splits : .dashboard
      return restart()
    case .escape:
      if view == .splits { view = .dashboard; return restart() }
      return []
    case .tab:
      focus = Panel(rawValue: (focus.rawValue + 1) % Panel.allCases.count) ?? .configuration
      return []
    case .backTab:
      focus = Panel(rawValue: (focus.rawValue + Panel.allCases.count - 1) % Panel.allCases.count) ?? .configuration
      return []
    default:
      // Panels belong to the dashboard; in the TP-vs-replication view only the global keys act.
      return view == .dashboard ? handlePanelKey(key) : []
    }
  }

  private mutating func handlePanelKey(_ key: Key) -> [Effect] {
    switch focus {
    case .configuration:
      switch key {
      case .up, .character("k"): moveField(by: -1)
      case .down, .character("j"): moveField(by: 1)
      case .left, .character("h"), .character("-"): return change(selectedField.stepped(draft, direction: -1, catalog: catalog))
      case .right, .character("l"), .character("+"), .character("="):
        return change(selectedField.stepped(draft, direction: 1, catalog: catalog))
      case .enter: openEditor(filtering: false)
      case .character("/") where selectedField.isChoice: openEditor(filtering: true)
      default: break
      }
    case .kvCache:
      switch key {
      case .up, .character("k"): kvScroll = max(0, kvScroll - 1)
      case .down, .character("j"): kvScroll = min(max(0, draft.instances - 1), kvScroll + 1)
      default: break
      }
    case .results:
      break
    }
    return []
  }

  private mutating func moveField(by offset: Int) {
    let count = ConfigField.allCases.count
    selectedField = ConfigField(rawValue: (selectedField.rawValue + offset + count) % count) ?? .model
  }

  /// Adopts `next` as the draft; restarts the runs only if a simulated value changed.
  mutating func change(_ next: Scenario) -> [Effect] {
    guard next != draft else { return [] }
    var simulated = next
    simulated.slo = draft.slo
    // SLO limits only recolour the dashboard; the splits view's capacity searches depend on them.
    let needsRun = simulated != draft || (view == .splits && next.slo != draft.slo)
    draft = next
    status = nil
    return needsRun ? restart() : []
  }
}
