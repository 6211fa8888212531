/// The last row: the keys that work right now, and only those (never empty).
enum HintBar {
  static func draw(_ state: AppState, into canvas: inout Canvas) {
    let y = canvas.height - 1
    canvas.fill(" ", x: 0, y: y, length: canvas.width, style: .hint)
    canvas.put(" " + text(state, width: canvas.width - 1), x: 0, y: y, style: .hint, maxWidth: canvas.width)
  }

  /// The hints for `width` columns: the mode's own keys first; less important ones are dropped
  /// from the end until the line fits (the mode's way out always stays).
  static func text(_ state: AppState, width: Int = .max) -> String {
    let (items, exit) = hints(state)
    var kept = items
    while true {
      for separator in ["  ", " "] {
        let line = (kept + exit).joined(separator: separator)
        if line.count <= width { return line }
      }
      if kept.isEmpty { return TextFit.truncated(exit.joined(separator: " "), width) }
      kept.removeLast()
    }
  }

  /// (the mode's keys, the keys that leave it) — the second list is never dropped.
  static func hints(_ state: AppState) -> (items: [String], exit: [String]) {
    if state.demo != nil {
      return (["→ next", "← back", "space hold"], ["any other key stops", "q quit"])
    }
    switch state.editor {
    case .picker(_, _, let filtering, _)?:
      return filtering ? (["type to filter", "↑↓ choose", "Enter select", "⌫ delete"], ["Esc clear/cancel"])
        : (["↑↓/jk choose", "/ filter", "Enter select"], ["Esc cancel"])
    case .input?: return (["type a number", "Enter apply", "⌫ delete"], ["Esc cancel"])
    case .budget?: return (["type a GPU count", "Enter apply", "⌫ delete"], ["Esc cancel"])
    case nil: break
    }
    if state.showHelp { return ([], ["any key closes help"]) }
    let tail = ["? help", "q quit"]
    let playback = ["space play/pause", "[ ] speed", "0 replay"]
    switch state.view {
    case .splits:
      return (["↑↓ split", "Enter adopt", "s sort", "+- budget", "b type budget", "v/Esc dashboard", "r rerun", "e export",
               "p pause"], tail)
    case .dashboard:
      let global = ["v splits", "r rerun (new seed)", "e export", "Tab panel"] + playback + ["p pause"]
      switch state.focus {
      case .configuration: return (["↑↓ field", "←→ change", "Enter edit"] + global + ["/ filter"], tail)
      case .results: return (global, tail)
      case .kvCache: return (["↑↓ scroll"] + global, tail)
      }
    }
  }
}
