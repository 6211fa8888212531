/// Renders an `AppState` into a `Canvas`: a pure function of the state and the terminal size.
enum ScreenRenderer {
  /// Below this size only a centred "terminal too small" message is drawn.
  static let minimumWidth = 80
  static let minimumHeight = 24

  static func render(_ state: AppState, width: Int, height: Int) -> Canvas {
    var canvas = Canvas(width: width, height: height)
    guard width >= minimumWidth, height >= minimumHeight else {
      drawTooSmall(into: &canvas)
      return canvas
    }
    drawTitle(state, into: &canvas)
    switch state.view {
    case .dashboard: DashboardView.draw(state, into: &canvas)
    case .splits: SplitsView.draw(state, into: &canvas)
    }
    drawStatus(state, into: &canvas)
    drawHints(state, into: &canvas)
    if let editor = state.editor { EditorOverlay.draw(editor, state: state, into: &canvas) }
    if state.showHelp { HelpOverlay.draw(into: &canvas) }
    return canvas
  }

  private static func drawTooSmall(into canvas: inout Canvas) {
    let message = "terminal too small: need \(minimumWidth)×\(minimumHeight)"
    let detail = "now \(canvas.width)×\(canvas.height) — enlarge the window, or press q to quit"
    let y = max(0, canvas.height / 2 - 1)
    canvas.put(message, x: max(0, (canvas.width - message.count) / 2), y: y, style: .warn)
    canvas.put(detail, x: max(0, (canvas.width - detail.count) / 2), y: y + 1, style: .dim)
  }

  /// Row 0: product name, the scenario headline and the run state.
  private static func drawTitle(_ state: AppState, into canvas: inout Canvas) {
    canvas.fill(" ", x: 0, y: 0, length: canvas.width, style: .title)
    let runState = runStateLabel(state)
    let right = "gen \(state.generation)  \(runState) "
    let left = " BLIS planner │ " + state.draft.headline
    canvas.put(left, x: 0, y: 0, style: .title, maxWidth: canvas.width - right.count - 1)
    canvas.put(right, x: canvas.width - right.count, y: 0, style: .title)
  }

  static func runStateLabel(_ state: AppState) -> String {
    if !state.problems.isEmpty { return "✗ invalid" }
    if state.paused { return "‖ paused" }
    let hasNumbers = state.outcomes.values.contains { $0.snapshot != nil }
    if !state.outcomes.isEmpty, HostOutput(generation: state.generation, outcomes: state.outcomes).isComplete {
      return hasNumbers ? "✓ done" : "✗ unavailable"
    }
    return hasNumbers ? "● running" : "● starting"
  }

  /// Second-to-last row: the demo caption, or the status message.
  private static func drawStatus(_ state: AppState, into canvas: inout Canvas) {
    let y = canvas.height - 2
    if let caption = state.demoCaption {
      canvas.fill(" ", x: 0, y: y, length: canvas.width, style: .focused)
      canvas.put(" " + caption, x: 0, y: y, style: .focused, maxWidth: canvas.width)
    } else if let status = state.status {
      canvas.put(" " + status, x: 0, y: y, style: status.hasPrefix("exported") ? .good : .warn, maxWidth: canvas.width)
    }
  }

  /// Last row: the keys that work right now (never empty).
  private static func drawHints(_ state: AppState, into canvas: inout Canvas) {
    let y = canvas.height - 1
    canvas.fill(" ", x: 0, y: y, length: canvas.width, style: .hint)
    canvas.put(" " + hints(state, width: canvas.width - 1), x: 0, y: y, style: .hint, maxWidth: canvas.width)
  }

  /// The hint bar's text for `width` columns: the panel's own keys first, then the global ones,
  /// dropping the least important until it fits; "? help  q quit" always stays.
  static func hints(_ state: AppState, width: Int = .max) -> String {
    let items = hintItems(state)
    let tail = ["? help", "q quit"]
    var kept = items
    while !kept.isEmpty {
      for separator in ["  ", " "] {
        let text = (kept + tail).joined(separator: separator)
        if text.count + 1 <= width { return text }
      }
      kept.removeLast()
    }
    return tail.joined(separator: " ")
  }

  private static func hintItems(_ state: AppState) -> [String] {
    let global = ["v view", "r rerun", "e export", "Tab panel", "p pause"]
    if state.demo != nil { return ["any key stops the demo"] }
    switch state.editor {
    case .picker(_, _, let filtering, _)?:
      return filtering ? ["type to filter", "↑↓ choose", "Enter select", "⌫ delete", "Esc clear/cancel"]
        : ["↑↓/jk choose", "/ filter", "Enter select", "Esc cancel"]
    case .input?: return ["type a number", "Enter apply", "⌫ delete", "Esc cancel"]
    case nil: break
    }
    if state.showHelp { return ["any key closes help"] }
    if state.view == .splits { return ["v/Esc dashboard", "r rerun", "p pause", "e export"] }
    switch state.focus {
    case .configuration: return ["↑↓ field", "←→ change", "Enter edit"] + global + ["/ filter"]
    case .results: return global
    case .kvCache: return ["↑↓ scroll"] + global
    }
  }

  /// Draws a section heading with a rule: `── Title ───────`.
  static func heading(_ title: String, y: Int, focused: Bool, into canvas: inout Canvas, trailing: String = "") {
    canvas.fill("─", x: 0, y: y, length: canvas.width, style: .dim)
    let end = canvas.put(" \(focused ? "▶ " : "")\(title) ", x: 1, y: y, style: focused ? .focused : .heading)
    if !trailing.isEmpty { canvas.put(" " + trailing + " ", x: end + 1, y: y, style: .dim, maxWidth: canvas.width - end - 2) }
  }

  /// Splits `text` into lines of at most `width` characters at spaces.
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= width { line += " " + word } else {
        lines.append(line)
        line = String(word)
      }
      while line.count > width {
        lines.append(String(line.prefix(width)))
        line = String(line.dropFirst(width))
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
