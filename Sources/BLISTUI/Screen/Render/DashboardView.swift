import BLISSim

/// The main view: configuration, the two results columns (roofline | blackbox) with a narrow Δ
/// column, and KV-block usage per instance.
enum DashboardView {
  static func draw(_ state: AppState, into canvas: inout Canvas) {
    ConfigPanelView.draw(state, top: 1, into: &canvas)
    let resultsTop = 1 + ConfigPanelView.height
    ResultsPanelView.draw(state, top: resultsTop, into: &canvas)
    let kvTop = resultsTop + ResultsPanelView.height
    KVPanelView.draw(state, top: kvTop, bottom: canvas.height - 3, into: &canvas)
  }
}
