import BLISSim

/// The main view, top to bottom: configuration, the two results columns (roofline | blackbox)
/// with a narrow Δ column, KV-block usage per instance, and — in the rows a larger terminal
/// leaves — the time series of both runs.
enum DashboardView {
  /// Most instance rows the KV panel takes when the time-series panel is shown.
  static let kvRowsWithTimeSeries = 4
  /// Fewest rows the time-series panel needs (heading, five one-row charts, the axis).
  static let timeSeriesMinimumRows = 7

  static func draw(_ state: AppState, top: Int, into canvas: inout Canvas) {
    ConfigPanelView.draw(state, top: top, into: &canvas)
    let resultsTop = top + ConfigPanelView.height
    ResultsPanelView.draw(state, top: resultsTop, into: &canvas)
    let kvTop = resultsTop + ResultsPanelView.height
    let bottom = canvas.height - 2          // status and hint rows
    let layout = self.layout(kvTop: kvTop, bottom: bottom, instances: state.draft.split.instances)
    KVPanelView.draw(state, top: kvTop, bottom: layout.kvBottom, into: &canvas)
    if let seriesTop = layout.seriesTop {
      TimeSeriesPanelView.draw(state, top: seriesTop, bottom: bottom, into: &canvas)
    }
  }

  /// Where the KV panel ends and whether the time-series panel fits below it.
  static func layout(kvTop: Int, bottom: Int, instances: Int) -> (kvBottom: Int, seriesTop: Int?) {
    let kvRows = min(instances, kvRowsWithTimeSeries)
    let seriesTop = kvTop + 1 + kvRows
    if bottom - seriesTop >= timeSeriesMinimumRows { return (seriesTop, seriesTop) }
    return (bottom, nil)
  }
}
