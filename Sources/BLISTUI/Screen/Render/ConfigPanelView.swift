/// The configuration panel: every field of the draft on three rows, the selected one highlighted,
/// and the draft's first problem (or caveat) underneath.
enum ConfigPanelView {
  /// Rows of fields, left to right.
  static let rows: [[ConfigField]] = [
    [.model, .hardware, .tensorParallelism, .instances],
    [.rate, .duration, .workload, .routingPolicy],
    [.ttftSLO, .itlSLO, .seed, .load],
  ]

  /// Height in rows, heading and problem line included.
  static let height = 5

  static func draw(_ state: AppState, top: Int, into canvas: inout Canvas) {
    let focused = state.focus == .configuration && state.view == .dashboard
    ScreenRenderer.heading("Configuration", y: top, focused: focused, into: &canvas)
    for (offset, fields) in rows.enumerated() {
      var x = 1
      let y = top + 1 + offset
      for field in fields {
        let isSelected = focused && state.selectedField == field
        x = canvas.put(field.label + " ", x: x, y: y, style: isSelected ? .focused : .label)
        var value = field.value(in: state.draft)
        if field == .model { value = TextFit.truncated(value, max(8, canvas.width - 46)) }
        let shown = value + (field.unit.isEmpty ? "" : " " + field.unit)
        x = canvas.put(shown, x: x, y: y, style: isSelected ? .selected : .normal)
        x += 3
      }
    }
    let problemRow = top + 1 + rows.count
    if let problem = state.problems.first {
      let more = state.problems.count > 1 ? " (+\(state.problems.count - 1) more)" : ""
      canvas.put(" ✗ " + problem + more, x: 0, y: problemRow, style: .bad, maxWidth: canvas.width)
    } else if let caveat = state.caveats.first {
      canvas.put(" ⚠ " + caveat, x: 0, y: problemRow, style: .warn, maxWidth: canvas.width)
    } else if state.isCheckingDraft {
      canvas.put(" checking the deployment…", x: 0, y: problemRow, style: .dim)
    }
  }
}
