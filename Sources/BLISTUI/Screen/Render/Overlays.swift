/// Modal boxes drawn over the current view.
enum Overlay {
  /// Draws a bordered box with a title and returns its interior origin.
  static func box(title: String, x: Int, y: Int, width: Int, height: Int, into canvas: inout Canvas) {
    for row in y..<(y + height) { canvas.fill(" ", x: x, y: row, length: width) }
    canvas.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: .heading)
    canvas.put(" \(title) ", x: x + 2, y: y, style: .focused)
    for row in (y + 1)..<(y + height - 1) {
      canvas.put("│", x: x, y: row, style: .heading)
      canvas.put("│", x: x + width - 1, y: row, style: .heading)
    }
    canvas.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: .heading)
  }
}

/// The `?` screen: every key, and what the two step-time models are.
enum HelpOverlay {
  static let lines: [String] = [
    "q, Ctrl-C   quit (terminal restored)  ?          this help",
    "Tab, S-Tab  next / previous panel     v          dashboard / TP view",
    "↑↓ j k      move between fields       ←→ hl + -  change the value",
    "Enter       picker / type a value     /          filter a picker (/70b)",
    "Esc         back / cancel             r          rerun simulations",
    "p           pause / resume            e          export Markdown + JSON",
    "Ctrl-L      redraw the screen",
    "",
    "roofline  step time from the model's config.json and the GPU's peaks",
    "          (FLOP/s, memory bandwidth): any model, analytical, no training.",
    "blackbox  step time from α/β coefficients fitted to real vLLM runs:",
    "          exact where trained (defaults.yaml), else see blis calibrate.",
    "Small Δ: the two models agree, so the estimate is robust.",
    "Colours: green within SLO, yellow ≥ 80 % of the limit, red violated.",
    "Models offered: those with a config.json on disk (model_configs/).",
  ]

  static func draw(into canvas: inout Canvas) {
    let width = min(canvas.width - 2, (lines.map(\.count).max() ?? 60) + 4)
    let height = lines.count + 2
    let x = max(0, (canvas.width - width) / 2)
    let y = max(1, (canvas.height - height) / 2)
    Overlay.box(title: "Help", x: x, y: y, width: width, height: height, into: &canvas)
    for (i, line) in lines.enumerated() { canvas.put(line, x: x + 2, y: y + 1 + i, maxWidth: width - 4) }
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
      canvas.put("/ " + filter + (filtering ? "_" : ""), x: x + 2, y: y + 1, style: filtering ? .focused : .dim)
      if options.isEmpty { canvas.put("no match", x: x + 2, y: y + 2, style: .warn) }
      let first = max(0, min(selection - visible + 1, options.count - visible))
      for (row, index) in (first..<min(options.count, first + visible)).enumerated() {
        let isSelected = index == selection
        canvas.put((isSelected ? "▶ " : "  ") + NumberFormat.left(options[index], width - 6), x: x + 2, y: y + 2 + row,
                   style: isSelected ? .selected : .normal)
      }
    case .input(let field, let text):
      let x = 2, y = 3, width = 44
      Overlay.box(title: "Set \(field.label)", x: x, y: y, width: width, height: 4, into: &canvas)
      canvas.put("now \(field.value(in: state.draft)) \(field.unit)", x: x + 2, y: y + 1, style: .dim)
      canvas.put("new " + text + "_", x: x + 2, y: y + 2, style: .focused)
    }
  }
}
