import BLISSim

/// Both dashboard runs over simulated time, in the rows a larger terminal leaves: windowed TTFT
/// and ITL (p50 solid, p99 as the band above it, the SLO dashed), requests in the system
/// (running solid, queued above), KV blocks in use (absolute, 0–100 %) and the served rate
/// against the offered one. Shared scales for both models; revealed up to the playback cursor.
enum TimeSeriesPanelView {
  /// One chart row group: how to read a window, and its scale.
  struct Metric {
    var label: String
    /// (solid, band top) of a window, or nil for no data.
    var column: (TimeSeries, Int) -> BlockChart.Column?
    var limit: Double?
    /// Fixed top of the scale (KV: 1.0); nil = from the data of both runs.
    var fixedMaximum: Double?
    var style: (BlockChart.Column) -> Style
    /// The value at the cursor, short.
    var format: (BlockChart.Column) -> String
  }

  static let labelWidth = 9
  static let valueWidth = 11

  static func metrics(_ state: AppState) -> [Metric] {
    let slo = state.draft.slo
    func latency(_ name: String, _ p50: KeyPath<TimeSeries.Window, Double?>, _ p99: KeyPath<TimeSeries.Window, Double?>,
                 limit: Double?) -> Metric {
      Metric(label: "\(name) ms", column: { series, i in
        series.windows[i][keyPath: p99].map { BlockChart.Column(value: series.windows[i][keyPath: p50] ?? $0, bandTop: $0) }
      }, limit: limit, fixedMaximum: nil, style: { SLOState(valueMs: $0.bandTop ?? $0.value, limitMs: limit).style },
             format: { "p99 " + NumberFormat.compact($0.bandTop ?? $0.value) })
    }
    return [
      latency("TTFT", \.ttftP50Ms, \.ttftP99Ms, limit: slo.ttftP99Ms),
      latency("ITL", \.itlP50Ms, \.itlP99Ms, limit: slo.itlP99Ms),
      Metric(label: "in system", column: { series, i in
        let w = series.windows[i]
        return BlockChart.Column(value: Double(w.running), bandTop: Double(w.running + w.queued))
      }, limit: nil, fixedMaximum: nil, style: { ($0.bandTop ?? 0) > $0.value * 1.5 + 1 ? .warn : .accent },
             format: { "q " + NumberFormat.compact(((($0.bandTop ?? $0.value) - $0.value)).rounded()) }),
      Metric(label: "KV used", column: { series, i in BlockChart.Column(value: series.windows[i].kvUsedFraction, bandTop: nil) },
             limit: nil, fixedMaximum: 1, style: { KVPanelView.pressureStyle($0.value) },
             format: { NumberFormat.percent($0.value, decimals: 0) }),
      Metric(label: "req/s", column: { series, i in
        BlockChart.Column(value: series.servedRequestsPerSecond(i), bandTop: series.offeredRequestsPerSecond(i))
      }, limit: nil, fixedMaximum: nil, style: { $0.value < ($0.bandTop ?? 0) * 0.9 ? .warn : .accent },
             format: { "srv " + NumberFormat.compact($0.value) }),
    ]
  }

  static func draw(_ state: AppState, top: Int, bottom: Int, into canvas: inout Canvas) {
    let series = state.dashboardSeries
    let end = max(series.values.map(\.durationSeconds).max() ?? 0, 1e-3)
    let cursor = min(state.playback.cursorSeconds, end)
    let playback = state.playbackAtEnd ? "end of run" : "▶ \(NumberFormat.duration(cursor)) of \(NumberFormat.duration(end))"
      + " at \(NumberFormat.compact(state.playback.speed))×" + (state.playback.isPlaying ? "" : " (paused)")
    let window = series.values.first.map { "\(NumberFormat.compact($0.windowSeconds)) s windows · " } ?? ""
    let legend = "p50 █ p99 ░ · running █ queued ░ · served █ offered ░ · values at ▲ (at the end: the last arrivals)"
    ScreenRenderer.heading("Over simulated time", y: top, focused: false, into: &canvas,
                           trailing: window + playback + " · " + legend)
    guard state.problems.isEmpty, !series.isEmpty else { return }
    let metrics = self.metrics(state)
    let rows = bottom - top - 2
    guard rows >= metrics.count else { return }
    var y = top + 1
    for (index, metric) in metrics.enumerated() {
      let height = rows / metrics.count + (index < rows % metrics.count ? 1 : 0)
      let maximum = metric.fixedMaximum ?? scaleTop(metric, series: Array(series.values))
      for kind in LatencyModelChoice.allCases {
        let (x, width) = ResultsPanelView.block(kind, canvasWidth: canvas.width)
        drawChart(metric, series: series[kind], maximum: maximum, end: end, cursor: cursor,
                  x: x, width: width, y: y, height: height, into: &canvas)
      }
      y += height
    }
    for kind in LatencyModelChoice.allCases {
      let (x, width) = ResultsPanelView.block(kind, canvasWidth: canvas.width)
      drawAxis(series[kind], state: state, end: end, cursor: cursor, x: x, width: width, y: y, into: &canvas)
    }
  }

  /// The scale's top for a metric over both runs: the largest value (or band), at least 1.25 ×
  /// the limit so the dashed SLO row stays visible.
  static func scaleTop(_ metric: Metric, series: [TimeSeries]) -> Double {
    var top = 0.0
    for s in series {
      for i in s.windows.indices { if let c = metric.column(s, i) { top = max(top, c.bandTop ?? c.value, c.value) } }
    }
    return max(top, (metric.limit ?? 0) * 1.25, 1e-9)
  }

  private static func chartWidth(_ blockWidth: Int) -> Int { max(4, blockWidth - labelWidth - valueWidth - 1) }

  private static func drawChart(_ metric: Metric, series: TimeSeries?, maximum: Double, end: Double, cursor: Double,
                                x: Int, width: Int, y: Int, height: Int, into canvas: inout Canvas) {
    canvas.put(TextFit.left(metric.label, labelWidth), x: x, y: y, style: .label)
    if height > 1 { canvas.put(TextFit.left("↑" + NumberFormat.compact(metric.fixedMaximum == 1 ? 100 : maximum), labelWidth), x: x, y: y + 1, style: .dim) }
    guard let series, !series.windows.isEmpty else { return }
    let cells = chartWidth(width)
    // Windows up to the cursor, placed on the whole run's time axis.
    let slots = max(1, Int((end / series.windowSeconds).rounded(.up)))
    var columns: [BlockChart.Column?] = Array(repeating: nil, count: slots)
    for i in series.windows.indices where series.windows[i].startSeconds < max(cursor, series.windowSeconds) && i < slots {
      columns[i] = metric.column(series, i)
    }
    let resampled = BlockChart.resample(columns, width: cells)
    let chart = BlockChart(columns: resampled, maximum: maximum, limit: metric.limit)
    let chartX = x + labelWidth
    for (row, line) in chart.rows(height: height).enumerated() {
      for (column, character) in line.enumerated() where character != " " {
        let style: Style = character == "┄" ? .dim : resampled[column].map(metric.style) ?? .dim
        canvas.put(String(character), x: chartX + column, y: y + row, style: style)
      }
    }
    // The value at the cursor; once playback is over, at the end of the arrivals (the drain
    // after them empties every chart).
    let shown = cursor >= end ? series.windows.lastIndex { $0.arrivals > 0 } : series.windows.lastIndex { $0.startSeconds < cursor }
    if let index = shown, let value = metric.column(series, index) {
      canvas.put(TextFit.right(metric.format(value), valueWidth - 1), x: chartX + cells + 1, y: y, style: metric.style(value))
    }
  }

  /// The time axis under the charts: 0, the cursor and the end; on a ramp, the knee.
  private static func drawAxis(_ series: TimeSeries?, state: AppState, end: Double, cursor: Double, x: Int, width: Int, y: Int,
                               into canvas: inout Canvas) {
    let cells = chartWidth(width)
    let chartX = x + labelWidth
    canvas.put("sim time", x: x, y: y, style: .dim)
    canvas.fill("─", x: chartX, y: y, length: cells, style: .dim)
    canvas.put("0", x: chartX, y: y, style: .dim)
    let endLabel = NumberFormat.duration(end)
    canvas.put(endLabel, x: chartX + cells - endLabel.count, y: y, style: .dim)
    let cursorColumn = min(cells - 1, Int(cursor / end * Double(cells)))
    if !state.playbackAtEnd { canvas.put("▲", x: chartX + cursorColumn, y: y, style: .focused) }
    if state.draft.load == .ramp, let series, let knee = series.knee(slo: state.draft.slo) {
      let column = min(cells - 1, Int(knee.startSeconds / end * Double(cells)))
      let label = "^knee ≈ \(NumberFormat.compact(knee.offeredRequestsPerSecond)) req/s"
      canvas.put(label, x: min(chartX + column, chartX + cells - label.count), y: y, style: .warn)
    }
  }
}
