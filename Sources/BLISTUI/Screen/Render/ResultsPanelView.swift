import BLISSim

/// Results side by side: roofline | blackbox, and a narrow Δ column (roofline relative to blackbox).
enum ResultsPanelView {
  static let height = 10
  static let deltaWidth = 8

  /// Left edge and width of the block for a latency model.
  static func block(_ kind: LatencyKind, canvasWidth: Int) -> (x: Int, width: Int) {
    let width = (canvasWidth - deltaWidth - 2) / 2
    return kind == .roofline ? (1, width) : (width + 2, width)
  }

  static func draw(_ state: AppState, top: Int, into canvas: inout Canvas) {
    let slo = state.draft.slo
    ScreenRenderer.heading("Results", y: top, focused: state.focus == .results, into: &canvas,
                           trailing: "ms · SLO TTFT p99 ≤ \(NumberFormat.compact(slo.ttftP99Ms)), "
                             + "ITL p99 ≤ \(NumberFormat.compact(slo.itlP99Ms)) · Δ = roofline vs blackbox")
    var columns: [LatencyKind: ColumnMetrics] = [:]
    for kind in LatencyKind.allCases {
      let (x, width) = block(kind, canvasWidth: canvas.width)
      let metrics = state.metrics(.dashboard(kind), gpuCount: state.draft.gpuCount)
      columns[kind] = metrics
      drawBlock(kind, outcome: state.outcomes[.dashboard(kind)], metrics: metrics, state: state,
                x: x, width: width, top: top + 1, into: &canvas)
      if kind == .roofline {
        for row in 1..<height { canvas.put("│", x: x + width, y: top + row, style: .dim) }
      }
    }
    drawDelta(roofline: columns[.roofline], blackbox: columns[.blackbox], top: top + 1, into: &canvas)
  }

  private static func drawBlock(_ kind: LatencyKind, outcome: RunOutcome?, metrics: ColumnMetrics?, state: AppState,
                                x: Int, width: Int, top: Int, into canvas: inout Canvas) {
    let slo = state.draft.slo
    let end = canvas.put(kind.rawValue.uppercased(), x: x, y: top, style: .heading)
    guard state.problems.isEmpty else {
      canvas.put("not simulated: fix the configuration", x: x, y: top + 2, style: .dim, maxWidth: width)
      return
    }
    if case .unavailable(let reason)? = outcome {
      for (i, line) in ScreenRenderer.wrap(reason, width: width - 1).prefix(height - 3).enumerated() {
        canvas.put(line, x: x, y: top + 2 + i, style: .warn)
      }
      return
    }
    guard let metrics else {
      canvas.put("starting simulation…", x: x, y: top + 2, style: .dim, maxWidth: width)
      return
    }
    var headerX = end + 2
    if let verdict = metrics.sloState(slo) {
      let text: String
      switch verdict {
      case .within: text = "✓ within SLO"
      case .close: text = "! close to SLO"
      case .violated: text = "✗ SLO violated"
      }
      headerX = canvas.put(text, x: headerX, y: top, style: verdict.style, maxWidth: x + width - headerX) + 2
    }
    if let description = outcome?.snapshot?.report.latencyModel, x + width - headerX >= 12 {
      let room = x + width - headerX - 1
      canvas.put(description.count > room ? NumberFormat.left(description, room) : description, x: headerX, y: top, style: .dim)
    }
    let numberWidth = min(9, (width - 5) / 4)
    canvas.put("ms", x: x, y: top + 1, style: .label)
    for (i, name) in ["mean", "p50", "p90", "p99"].enumerated() {
      canvas.put(NumberFormat.right(name, numberWidth), x: x + 5 + i * numberWidth, y: top + 1, style: .label)
    }
    let latencyRows: [(String, LatencyStats, Double?)] = [
      ("TTFT", metrics.ttft, slo.ttftP99Ms), ("ITL", metrics.itl, slo.itlP99Ms), ("E2E", metrics.e2e, nil),
    ]
    for (row, (name, stats, limit)) in latencyRows.enumerated() {
      let y = top + 2 + row
      canvas.put(name, x: x, y: y, style: .label)
      let values = [stats.meanMs, stats.p50Ms, stats.p90Ms, stats.p99Ms]
      for (i, value) in values.enumerated() {
        let text = stats.count > 0 ? NumberFormat.compact(value) : "–"
        var style = Style.normal
        if i == 3, let limit, stats.count > 0 { style = SLOState(valueMs: value, limitMs: limit).style }
        canvas.put(NumberFormat.right(text, numberWidth), x: x + 5 + i * numberWidth, y: y, style: style)
      }
    }
    var lineX = canvas.put("req/s ", x: x, y: top + 5, style: .label)
    lineX = canvas.put(NumberFormat.compact(metrics.requestsPerSecond), x: lineX, y: top + 5)
    lineX = canvas.put("   out tok/s ", x: lineX, y: top + 5, style: .label)
    canvas.put(NumberFormat.compact(metrics.outputTokensPerSecond), x: lineX, y: top + 5, maxWidth: x + width - lineX)
    lineX = canvas.put("tok/s/GPU ", x: x, y: top + 6, style: .label)
    lineX = canvas.put(NumberFormat.compact(metrics.outputTokensPerSecondPerGPU), x: lineX, y: top + 6)
    lineX = canvas.put("   preemptions ", x: lineX, y: top + 6, style: .label)
    canvas.put(String(metrics.preemptions), x: lineX, y: top + 6, style: metrics.preemptions > 0 ? .warn : .normal)
    lineX = canvas.put("prefix hit ", x: x, y: top + 7, style: .label)
    lineX = canvas.put(NumberFormat.percent(metrics.prefixHitRate), x: lineX, y: top + 7)
    lineX = canvas.put("   sim time ", x: lineX, y: top + 7, style: .label)
    canvas.put(NumberFormat.seconds(metrics.simulatedSeconds), x: lineX, y: top + 7)
    drawProgress(metrics, x: x, width: width, y: top + 8, into: &canvas)
  }

  private static func drawProgress(_ metrics: ColumnMetrics, x: Int, width: Int, y: Int, into canvas: inout Canvas) {
    let count = metrics.total.map { "\(metrics.completed)/\($0)" } ?? "\(metrics.completed)"
    let suffix = metrics.isFinished ? " done" : " " + NumberFormat.percent(metrics.progress)
    let barWidth = max(4, width - count.count - suffix.count - 3)
    var lineX = canvas.put(count + " ", x: x, y: y)
    lineX = canvas.put(Glyphs.bar(fraction: metrics.progress, width: barWidth), x: lineX, y: y,
                       style: metrics.isFinished ? .good : .accent)
    canvas.put(suffix, x: lineX, y: y, style: metrics.isFinished ? .good : .normal)
  }

  private static func drawDelta(roofline: ColumnMetrics?, blackbox: ColumnMetrics?, top: Int, into canvas: inout Canvas) {
    let x = canvas.width - deltaWidth + 1
    let width = deltaWidth - 1
    canvas.put(NumberFormat.right("Δ", width), x: x, y: top, style: .heading)
    canvas.put(NumberFormat.right("p99", width), x: x, y: top + 1, style: .label)
    guard let roofline, let blackbox else {
      if roofline != nil || blackbox != nil {
        for row in 0..<4 { canvas.put(NumberFormat.right("–", width), x: x, y: top + 2 + row, style: .dim) }
      }
      return
    }
    let pairs: [(Double, Double, Bool)] = [
      (roofline.ttft.p99Ms, blackbox.ttft.p99Ms, roofline.ttft.count > 0 && blackbox.ttft.count > 0),
      (roofline.itl.p99Ms, blackbox.itl.p99Ms, roofline.itl.count > 0 && blackbox.itl.count > 0),
      (roofline.e2e.p99Ms, blackbox.e2e.p99Ms, roofline.e2e.count > 0 && blackbox.e2e.count > 0),
      (roofline.outputTokensPerSecond, blackbox.outputTokensPerSecond, true),
    ]
    for (row, (a, b, valid)) in pairs.enumerated() {
      let text = valid ? NumberFormat.relativeDifference(a, against: b) : "–"
      let y = top + 2 + row
      canvas.put(NumberFormat.right(text, width), x: x, y: y, style: deltaStyle(a, b, valid: valid))
    }
  }

  /// Agreement within 25 % is robust (normal); beyond 50 % the models disagree strongly (warn).
  private static func deltaStyle(_ a: Double, _ b: Double, valid: Bool) -> Style {
    guard valid, b > 0, a.isFinite else { return .dim }
    let change = abs(a - b) / b
    return change > 0.5 ? .warn : change > 0.25 ? .normal : .good
  }
}
