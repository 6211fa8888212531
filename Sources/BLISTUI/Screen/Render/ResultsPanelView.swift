import BLISSim

/// Results side by side: roofline | blackbox, and a narrow Δ column (blackbox relative to
/// roofline, the convention of `blis compare`). Each column's header carries the verdict of the
/// finished run — the keep-up test and SLO p99s of `blis capacity` — with the offered and served
/// load; until the run finishes, the numbers so far and "measuring".
enum ResultsPanelView {
  static let height = 10
  static let deltaWidth = 8

  /// Left edge and width of the block for a step-time model.
  static func block(_ kind: LatencyModelChoice, canvasWidth: Int) -> (x: Int, width: Int) {
    let width = (canvasWidth - deltaWidth - 2) / 2
    return kind == .roofline ? (1, width) : (width + 2, width)
  }

  static func draw(_ state: AppState, top: Int, into canvas: inout Canvas) {
    let slo = state.draft.slo
    ScreenRenderer.heading("Results", y: top, focused: state.focus == .results, into: &canvas,
                           trailing: "ms · SLO \(slo.label) · served = started per s over the 2nd half of arrivals"
                             + " · Δ = blackbox vs roofline")
    var columns: [LatencyModelChoice: ColumnMetrics] = [:]
    for kind in LatencyModelChoice.allCases {
      let (x, width) = block(kind, canvasWidth: canvas.width)
      let metrics = state.metrics(.dashboard(kind), gpuCount: state.draft.split.gpuCount)
      columns[kind] = metrics
      drawBlock(kind, outcome: state.outcomes[.dashboard(kind)], metrics: metrics, state: state,
                x: x, width: width, top: top + 1, into: &canvas)
      if kind == .roofline {
        for row in 1..<height { canvas.put("│", x: x + width, y: top + row, style: .dim) }
      }
    }
    drawDelta(roofline: columns[.roofline], blackbox: columns[.blackbox], top: top + 1, into: &canvas)
  }

  private static func drawBlock(_ kind: LatencyModelChoice, outcome: RunOutcome?, metrics: ColumnMetrics?, state: AppState,
                                x: Int, width: Int, top: Int, into canvas: inout Canvas) {
    let slo = state.draft.slo
    let end = canvas.put(kind.rawValue.uppercased(), x: x, y: top, style: .heading)
    if !state.problems.isEmpty {
      canvas.put("not simulated: fix the configuration", x: x, y: top + 2, style: .dim, maxWidth: width)
      return
    }
    if case .unavailable(let reason)? = outcome {
      let text = reason.hasPrefix(kind.rawValue + ": ") ? String(reason.dropFirst(kind.rawValue.count + 2)) : reason
      for (i, line) in TextFit.wrap(text, width: width - 1).prefix(height - 3).enumerated() {
        canvas.put(line, x: x, y: top + 2 + i, style: .warn)
      }
      return
    }
    guard let metrics else {
      canvas.put(state.isCheckingDraft ? "checking…" : "starting simulation…", x: x, y: top + 2, style: .dim, maxWidth: width)
      return
    }
    let verdict = Verdict(measurement: metrics.measurement, slo: slo, load: state.draft.load)
    var header = verdict.label
    if verdict == .measuring { header += " " + NumberFormat.percent(metrics.progress, decimals: 0) }
    let headerEnd = canvas.put(header, x: end + 2, y: top, style: verdict.style, maxWidth: x + width - end - 2)
    if let flag = state.checks[state.draft.split]?.flags[kind], !flag.isEmpty, x + width - headerEnd > 12 {
      canvas.put("⚠ flagged (see below the configuration)", x: headerEnd + 2, y: top, style: .warn, maxWidth: x + width - headerEnd - 2)
    }
    let numberWidth = min(9, (width - 5) / 4)
    canvas.put("ms", x: x, y: top + 1, style: .label)
    for (i, name) in ["mean", "p50", "p90", "p99"].enumerated() {
      canvas.put(TextFit.right(name, numberWidth), x: x + 5 + i * numberWidth, y: top + 1, style: .label)
    }
    let latencyRows: [(String, LatencyStats, Double?)] = [
      ("TTFT", metrics.ttft, slo.ttftP99Ms), ("ITL", metrics.itl, slo.itlP99Ms), ("E2E", metrics.e2e, slo.e2eP99Ms),
    ]
    for (row, (name, stats, limit)) in latencyRows.enumerated() {
      let y = top + 2 + row
      canvas.put(name, x: x, y: y, style: .label)
      for (i, value) in [stats.meanMs, stats.p50Ms, stats.p90Ms, stats.p99Ms].enumerated() {
        let text = stats.count > 0 ? NumberFormat.compact(value) : "–"
        let style = i == 3 && stats.count > 0 ? SLOState(valueMs: value, limitMs: limit).style : .normal
        canvas.put(TextFit.right(text, numberWidth), x: x + 5 + i * numberWidth, y: y, style: style)
      }
    }
    if state.draft.load == .ramp {
      drawKnee(state.progress(.dashboard(kind))?.series, state: state, x: x, width: width, y: top + 5, into: &canvas)
    } else {
      drawLoad(metrics, verdict: verdict, state: state, x: x, width: width, y: top + 5, into: &canvas)
    }
    drawLine([("out tok/s ", NumberFormat.compact(metrics.outputTokensPerSecond), .normal),
              ("  tok/s/GPU ", NumberFormat.compact(metrics.outputTokensPerSecondPerGPU), .normal)],
             x: x, width: width, y: top + 6, into: &canvas)
    drawLine([("preempt ", String(metrics.preemptions), metrics.preemptions > 0 ? .warn : .normal),
              ("  prefix ", NumberFormat.percent(metrics.prefixHitRate, decimals: 0), .normal),
              ("  sim ", NumberFormat.duration(metrics.simulatedSeconds), .normal)],
             x: x, width: width, y: top + 7, into: &canvas)
    drawProgress(metrics, x: x, width: width, y: top + 8, into: &canvas)
  }

  /// Offered vs served load over the measurement window, and the keep-up ratio (or the
  /// cumulative completion rate while the run is measuring).
  private static func drawLoad(_ metrics: ColumnMetrics, verdict: Verdict, state: AppState, x: Int, width: Int, y: Int,
                               into canvas: inout Canvas) {
    guard let served = metrics.servedRequestsPerSecond, let offered = metrics.offeredRequestsPerSecond else {
      drawLine([("served ", "… of \(NumberFormat.compact(state.draft.rateRequestsPerSecond)) req/s (at the end)", .dim)],
               x: x, width: width, y: y, into: &canvas)
      return
    }
    let servedStyle: Style = verdict == .overloaded ? .bad : .normal
    drawLine([("served ", "\(NumberFormat.compact(served)) of \(NumberFormat.compact(offered)) req/s", servedStyle),
              (" (", NumberFormat.percent(metrics.keepUpRatio ?? 0, decimals: 0) + ")", servedStyle)],
             x: x, width: width, y: y, into: &canvas)
  }

  /// A load ramp's knee: where windowed latency first breaks the SLO (`TimeSeries.knee`).
  private static func drawKnee(_ series: TimeSeries?, state: AppState, x: Int, width: Int, y: Int, into canvas: inout Canvas) {
    let top = NumberFormat.compact(state.draft.rateRequestsPerSecond)
    guard let series else { return }
    if let knee = series.knee(slo: state.draft.slo) {
      drawLine([("knee ≈ ", "\(NumberFormat.compact(knee.offeredRequestsPerSecond)) req/s", .warn),
                (" (ramp to \(top), at \(NumberFormat.duration(knee.startSeconds)))", "", .normal)],
               x: x, width: width, y: y, into: &canvas)
    } else {
      drawLine([("ramp to \(top) req/s: ", "no knee so far", .good)], x: x, width: width, y: y, into: &canvas)
    }
  }

  /// Label/value pairs on one line, clipped with "…" at the block's right edge.
  private static func drawLine(_ items: [(label: String, value: String, style: Style)], x: Int, width: Int, y: Int,
                               into canvas: inout Canvas) {
    var lineX = x
    for item in items {
      lineX = canvas.put(item.label, x: lineX, y: y, style: .label, maxWidth: max(0, x + width - lineX - 1))
      lineX = canvas.put(item.value, x: lineX, y: y, style: item.style, maxWidth: max(0, x + width - lineX - 1))
    }
  }

  private static func drawProgress(_ metrics: ColumnMetrics, x: Int, width: Int, y: Int, into canvas: inout Canvas) {
    let count = metrics.total.map { "\(metrics.completed)/\($0)" } ?? "\(metrics.completed)"
    let suffix = metrics.isFinished ? " done" : " " + NumberFormat.percent(metrics.progress, decimals: 0)
    let barWidth = max(4, width - count.count - suffix.count - 3)
    var lineX = canvas.put(count + " ", x: x, y: y)
    lineX = canvas.put(Glyphs.bar(fraction: metrics.progress, width: barWidth), x: lineX, y: y,
                       style: metrics.isFinished ? .good : .accent)
    canvas.put(suffix, x: lineX, y: y, style: metrics.isFinished ? .good : .normal)
  }

  private static func drawDelta(roofline: ColumnMetrics?, blackbox: ColumnMetrics?, top: Int, into canvas: inout Canvas) {
    let x = canvas.width - deltaWidth + 1
    let width = deltaWidth - 1
    canvas.put(TextFit.right("Δ", width), x: x, y: top, style: .heading)
    canvas.put(TextFit.right("p99", width), x: x, y: top + 1, style: .label)
    guard let roofline, let blackbox else {
      if roofline != nil || blackbox != nil {
        for row in 0..<4 { canvas.put(TextFit.right("–", width), x: x, y: top + 2 + row, style: .dim) }
      }
      return
    }
    let pairs: [(Double?, Double?)] = [
      (roofline.ttft.count > 0 ? roofline.ttft.p99Ms : nil, blackbox.ttft.count > 0 ? blackbox.ttft.p99Ms : nil),
      (roofline.itl.count > 0 ? roofline.itl.p99Ms : nil, blackbox.itl.count > 0 ? blackbox.itl.p99Ms : nil),
      (roofline.e2e.count > 0 ? roofline.e2e.p99Ms : nil, blackbox.e2e.count > 0 ? blackbox.e2e.p99Ms : nil),
      (roofline.servedRequestsPerSecond, blackbox.servedRequestsPerSecond),
    ]
    for (row, (a, b)) in pairs.enumerated() {
      let text = a.flatMap { a in b.map { NumberFormat.relativeDifference(a, $0, decimals: 0, maximumPercent: 999) } } ?? "–"
      canvas.put(TextFit.right(text, width), x: x, y: top + 2 + row, style: deltaStyle(a, b))
    }
  }

  /// Agreement within 25 % is robust (good); beyond 50 % the models disagree strongly (warn).
  private static func deltaStyle(_ a: Double?, _ b: Double?) -> Style {
    guard let a, let b, a > 0, b.isFinite else { return .dim }
    let change = abs(b - a) / a
    return change > 0.5 ? .warn : change > 0.25 ? .normal : .good
  }
}
