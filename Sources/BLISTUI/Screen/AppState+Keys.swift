import BLISSim

/// Keys, by mode: demo, editor, help, then the current view's keys and the global ones.
extension AppState {
  mutating func handleKey(_ key: Key) -> [Effect] {
    if key == .control("c") { return [.quit] }
    if demo != nil { return handleDemoKey(key) }
    if editor != nil { return handleEditorKey(key) }
    if showHelp {          // any key closes help, `q` included (as the help says)
      showHelp = false
      return []
    }
    if let effects = handleGlobalKey(key) { return effects }
    switch view {
    case .dashboard: return handlePanelKey(key)
    case .splits: return handleSplitsKey(key)
    }
  }

  /// Keys that work in both views; nil when `key` is not one of them.
  private mutating func handleGlobalKey(_ key: Key) -> [Effect]? {
    switch key {
    case .character("q"): return [.quit]
    case .character("?"): showHelp = true; return []
    case .control("l"): return [.redraw]
    case .character("p"):
      paused.toggle()
      status = paused ? "paused (p resumes)" : nil
      return [.setPaused(paused)]
    case .character("r"):
      // A rerun is a new sample of the same workload: the next seed (the Seed field shows it).
      var next = draft
      next.seed = draft.seed &+ 1
      status = "rerun with seed \(next.seed)"
      draft = next
      return restart()
    case .character("e"):
      status = "exporting…"
      return [.export]
    case .character("v"):
      view = view == .dashboard ? .splits : .dashboard
      return restart()
    case .character(" "):
      playback.isPlaying.toggle()
      return []
    case .character("]"): playback.changeSpeed(1); return []
    case .character("["): playback.changeSpeed(-1); return []
    case .character("0"):
      playback.cursorSeconds = 0
      playback.isPlaying = true
      return []
    case .tab:
      guard view == .dashboard else { return [] }
      focus = Panel(rawValue: (focus.rawValue + 1) % Panel.allCases.count) ?? .configuration
      return []
    case .backTab:
      guard view == .dashboard else { return [] }
      focus = Panel(rawValue: (focus.rawValue + Panel.allCases.count - 1) % Panel.allCases.count) ?? .configuration
      return []
    default:
      return nil
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
      case .down, .character("j"): kvScroll = min(max(0, draft.split.instances - 1), kvScroll + 1)
      default: break
      }
    case .results:
      break
    }
    return []
  }

  private mutating func handleSplitsKey(_ key: Key) -> [Effect] {
    let rows = SplitTable.rows(state: self)
    switch key {
    case .escape:
      view = .dashboard
      return restart()
    case .up, .character("k"): splitSelection = max(0, splitSelection - 1)
    case .down, .character("j"): splitSelection = min(max(0, rows.count - 1), splitSelection + 1)
    case .enter:
      guard rows.indices.contains(splitSelection) else { return [] }
      let split = rows[splitSelection].split
      if let problem = rows[splitSelection].problem {
        status = "\(split) cannot run: \(problem)"
        return []
      }
      view = .dashboard
      var next = draft
      next.split = split
      budgetOverride = nil
      status = "adopted \(split) into the dashboard"
      guard next != draft else { return restart() }
      draft = next
      return restart()
    case .character("s"):
      splitSort = splitSort.next
      splitSelection = 0
    case .character("+"), .character("="), .right, .character("l"): return changeBudget(to: Self.nextBudget(after: gpuBudget, up: true))
    case .character("-"), .left, .character("h"): return changeBudget(to: Self.nextBudget(after: gpuBudget, up: false))
    case .character("b"): editor = .budget(text: "")
    default: break
    }
    return []
  }

  /// Budgets `+`/`-` step through: the powers of two and their 1.5× (every one has several splits).
  static let budgetSteps = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256]

  static func nextBudget(after budget: Int, up: Bool) -> Int {
    up ? budgetSteps.first { $0 > budget } ?? budget : budgetSteps.last { $0 < budget } ?? budget
  }

  /// Sets the GPU budget of the splits view and the answer bar.
  mutating func changeBudget(to budget: Int) -> [Effect] {
    guard budget != gpuBudget else { return [] }
    budgetOverride = budget == draft.split.gpuCount ? nil : budget
    splitSelection = 0
    return restart()
  }

  private mutating func moveField(by offset: Int) {
    let count = ConfigField.allCases.count
    selectedField = ConfigField(rawValue: (selectedField.rawValue + offset + count) % count) ?? .model
  }
}
