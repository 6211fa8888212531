/// Modal boxes drawn over the current view.
enum Overlay {
  /// Draws a bordered box with a title.
  static func box(title: String, x: Int, y: Int, width: Int, height: Int, into canvas: inout Canvas) {
    for row in y..<(y + height) { canvas.fill(" ", x: x, y: row, length: width) }
    canvas.put("┌" + String(repeating: "─", count: max(0, width - 2)) + "┐", x: x, y: y, style: .heading)
    canvas.put(" \(title) ", x: x + 2, y: y, style: .focused, maxWidth: max(0, width - 4))
    for row in (y + 1)..<max(y + 1, y + height - 1) {
      canvas.put("│", x: x, y: row, style: .heading)
      canvas.put("│", x: x + width - 1, y: row, style: .heading)
    }
    canvas.put("└" + String(repeating: "─", count: max(0, width - 2)) + "┘", x: x, y: y + height - 1, style: .heading)
  }
}

/// The `?` screen: every key, and what the two step-time models are. Any key closes it.
enum HelpOverlay {
  static let lines: [String] = [
    "q, Ctrl-C   quit (terminal restored)   ?      this help (any key closes)",
    "Tab, S-Tab  next / previous panel      v      dashboard / splits view",
    "↑↓ j k      field (splits: a row)      ←→ +-  change (splits: GPU budget)",
    "Enter       edit / adopt a split       /      filter a picker (/70b)",
    "Esc         back / cancel              r      rerun with the next seed",
    "p           pause / resume             e      export Markdown + JSON",
    "space       play / pause playback      [ ]    playback slower / faster",
    "0           replay from the start      s b    splits: sort / type budget",
    "Ctrl-L      redraw the screen",
    "",
    "roofline  step time from the model's config.json and the GPU's peaks",
    "          (FLOP/s, memory bandwidth): any model, analytical, no training.",
    "blackbox  step time from α/β coefficients fitted to real vLLM runs:",
    "          exact where trained (defaults.yaml), else see blis calibrate.",
    "Verdict as blis capacity: OVERLOADED when < 95 % of the arrivals start",
    "over their second half, else the SLO p99s decide.",
    "Colours: green within SLO, yellow ≥ 80 % of the limit, red violated.",
  ]

  static func draw(into canvas: inout Canvas) {
    let width = min(canvas.width - 2, (lines.map(\.count).max() ?? 60) + 4)
    let height = min(canvas.height - 2, lines.count + 2)
    let x = max(0, (canvas.width - width) / 2)
    let y = max(1, (canvas.height - height) / 2)
    Overlay.box(title: "Help", x: x, y: y, width: width, height: height, into: &canvas)
    for (i, line) in lines.prefix(height - 2).enumerated() { canvas.put(line, x: x + 2, y: y + 1 + i, maxWidth: width - 4) }
  }
}

/// The picker (a filtered list) or the input field opened with Enter.
enum EditorOverlay {
  static func draw(_ editor: AppState.Editor, state: AppState, into canvas: inout Canvas) {
    switch editor {
    case .picker(let field, let filter, let filtering, let selection):
      let options = state.filteredChoices(field: field, filter: filter)
      let visible = min(max(1, options.count), max(3, canvas.height - 12))
      let width = min(canvas.width - 4, max(40, (options.map(\.count).max() ?? 0) + 6))
      let x = 2, y = 3
      Overlay.box(title: "Choose \(field.label)", x: x, y: y, width: width, height: visible + 3, into: &canvas)
      canvas.put("/ " + filter + (filtering ? "_" : ""), x: x + 2, y: y + 1, style: filtering ? .focused : .dim, maxWidth: width - 4)
      if options.isEmpty { canvas.put("no match", x: x + 2, y: y + 2, style: .warn) }
      let first = max(0, min(selection - visible + 1, options.count - visible))
      for (row, index) in (first..<min(options.count, first + visible)).enumerated() {
        let isSelected = index == selection
        canvas.put((isSelected ? "▶ " : "  ") + TextFit.left(options[index], width - 6), x: x + 2, y: y + 2 + row,
                   style: isSelected ? .selected : .normal)
      }
    case .input(let field, let text):
      drawInput(title: "Set \(field.label)", now: "\(field.plainValue(in: state.draft)) \(field.unit)", text: text, into: &canvas)
    case .budget(let text):
      drawInput(title: "Set the GPU budget", now: "\(state.gpuBudget) GPUs", text: text, into: &canvas)
    }
  }

  private static func drawInput(title: String, now: String, text: String, into canvas: inout Canvas) {
    let x = 2, y = 3, width = 44
    Overlay.box(title: title, x: x, y: y, width: width, height: 4, into: &canvas)
    canvas.put("now " + now, x: x + 2, y: y + 1, style: .dim, maxWidth: width - 4)
    canvas.put("new " + text + "_", x: x + 2, y: y + 2, style: .focused, maxWidth: width - 4)
  }
}
