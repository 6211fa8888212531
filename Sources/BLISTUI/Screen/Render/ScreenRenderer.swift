/// Renders an `AppState` into a `Canvas`: a pure function of the state and the terminal size.
///
/// Rows: 0 title, 1 the answer bar, then the view (dashboard or splits), the status line and the
/// hint bar at the bottom; overlays (editor, help) on top.
enum ScreenRenderer {
  /// Below this size only a centred "terminal too small" message is drawn.
  static let minimumWidth = 80
  static let minimumHeight = 24
  /// First row of the views.
  static let viewTop = 2

  static func render(_ state: AppState, width: Int, height: Int) -> Canvas {
    var canvas = Canvas(width: width, height: height)
    guard width >= minimumWidth, height >= minimumHeight else {
      drawTooSmall(into: &canvas)
      return canvas
    }
    drawTitle(state, into: &canvas)
    AnswerBarView.draw(state, y: 1, into: &canvas)
    switch state.view {
    case .dashboard: DashboardView.draw(state, top: viewTop, into: &canvas)
    case .splits: SplitsView.draw(state, top: viewTop, into: &canvas)
    }
    drawStatus(state, into: &canvas)
    HintBar.draw(state, into: &canvas)
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

  /// Row 0: product name, the scenario headline with its GPU count, and the run state.
  private static func drawTitle(_ state: AppState, into canvas: inout Canvas) {
    canvas.fill(" ", x: 0, y: 0, length: canvas.width, style: .title)
    let right = " \(runStateLabel(state)) "
    let profile = state.servingProfile.map { " · \($0)" } ?? ""
    let left = " BLIS │ " + state.draft.headline + profile
    canvas.put(left, x: 0, y: 0, style: .title, maxWidth: canvas.width - right.count - 1)
    canvas.put(right, x: canvas.width - right.count, y: 0, style: .title)
  }

  /// The state of the current generation: invalid, paused, running, or done (every run and
  /// search finished).
  static func runStateLabel(_ state: AppState) -> String {
    if state.paused { return "‖ paused" }
    if state.view == .dashboard, !state.problems.isEmpty { return "✗ invalid" }
    let jobs = state.jobSpecs.keys
    let finished = jobs.filter { state.outcomes[$0]?.isDone == true }.count
    if !jobs.isEmpty, finished == jobs.count { return "✓ done" }
    return state.outcomes.isEmpty ? "● starting" : "● \(finished)/\(jobs.count) runs"
  }

  /// Second-to-last row: the demo caption, or the status message.
  private static func drawStatus(_ state: AppState, into canvas: inout Canvas) {
    let y = canvas.height - 2
    if let caption = state.demoCaption {
      canvas.fill(" ", x: 0, y: y, length: canvas.width, style: .focused)
      canvas.put(" " + caption, x: 0, y: y, style: .focused, maxWidth: canvas.width)
    } else if let status = state.status {
      let style: Style = status.hasPrefix("exported") || status.hasPrefix("adopted") ? .good : .warn
      canvas.put(" " + status, x: 0, y: y, style: style, maxWidth: canvas.width)
    }
  }

  /// Draws a section heading with a rule: `── Title ── trailing ───────`.
  static func heading(_ title: String, y: Int, focused: Bool, into canvas: inout Canvas, trailing: String = "") {
    canvas.fill("─", x: 0, y: y, length: canvas.width, style: .dim)
    let end = canvas.put(" \(focused ? "▶ " : "")\(title) ", x: 1, y: y, style: focused ? .focused : .heading)
    if !trailing.isEmpty { canvas.put(" " + trailing + " ", x: end + 1, y: y, style: .dim, maxWidth: canvas.width - end - 2) }
  }
}
