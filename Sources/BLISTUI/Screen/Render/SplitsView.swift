/// TP vs replication: every split of the GPU budget simulated with both models, a table with the
/// best split highlighted, and a small latency-vs-rate chart of the splits (`FrontierChart`).
enum SplitsView {
  /// Table columns: marker, split, model, then numbers (TTFT p50 only when there is room).
  private static func columns(width: Int) -> [(title: String, width: Int)] {
    var result: [(String, Int)] = [("", 2), ("split", 9), ("model", 9)]
    if width >= 90 { result.append(("TTFT p50", 9)) }
    result += [("TTFT p99", 9), ("ITL p99", 8), ("E2E p99", 9), ("req/s", 7), ("tok/s/GPU", 10), ("max rate", 9), ("done", 5)]
    return result
  }

  static func draw(_ state: AppState, into canvas: inout Canvas) {
    let slo = state.draft.slo
    let rows = SplitPlan.rows(state: state)
    let best = SplitPlan.best(rows, slo: slo)
    ScreenRenderer.heading("TP vs replication", y: 1, focused: true, into: &canvas,
                           trailing: "\(state.gpuBudget) × \(state.draft.hardware) · \(NumberFormat.compact(state.draft.rateRequestsPerSecond)) req/s"
                             + " · ★ = most req/s within SLO (roofline; until searched: lowest E2E in SLO) · max rate = highest req/s within SLO")
    let columns = columns(width: canvas.width)
    var x = 0
    for column in columns {
      canvas.put(column.title.isEmpty ? "" : NumberFormat.right(column.title, column.width - 1), x: x, y: 2, style: .label)
      x += column.width
    }
    var y = 3
    let lastTableRow = canvas.height - 3 - min(rows.count + 1, 5)
    for row in rows where y <= lastTableRow {
      let isBest = row.split == best
      canvas.put(isBest ? "★" : "", x: 0, y: y, style: .best)
      canvas.put(NumberFormat.left(row.split.label, 8), x: 2, y: y, style: isBest ? .best : .label)
      if let problem = row.problem ?? (state.problems.first.map { _ in "not simulated: fix the configuration" }) {
        canvas.put(problem, x: 11, y: y, style: .warn, maxWidth: canvas.width - 12)
        y += 1
        continue
      }
      for kind in LatencyKind.allCases where y <= lastTableRow {
        drawCells(kind: kind, row: row, slo: slo, columns: columns, y: y, into: &canvas)
        y += 1
      }
    }
    drawChart(rows, state: state, top: y + 1, into: &canvas)
  }

  private static func drawCells(kind: LatencyKind, row: SplitPlan.Row, slo: ServiceLevelObjective,
                                columns: [(title: String, width: Int)], y: Int, into canvas: inout Canvas) {
    canvas.put(kind.rawValue, x: 11, y: y, style: .dim)
    if let reason = row.unavailable[kind] {
      // The model column already names the model; drop the library's "blackbox: " prefix.
      let text = reason.hasPrefix(kind.rawValue + ": ") ? String(reason.dropFirst(kind.rawValue.count + 2)) : reason
      canvas.put(text, x: 20, y: y, style: .warn, maxWidth: canvas.width - 21)
      return
    }
    guard let metrics = row.metrics[kind] else {
      canvas.put("starting…", x: 20, y: y, style: .dim)
      return
    }
    let has = metrics.ttft.count > 0
    let capacity = row.capacity[kind]
    var x = columns.prefix(3).reduce(0) { $0 + $1.width }
    for column in columns.dropFirst(3) {
      let cell: (String, Style)
      switch column.title {
      case "TTFT p50": cell = (has ? NumberFormat.compact(metrics.ttft.p50Ms) : "–", .normal)
      case "TTFT p99": cell = has ? (NumberFormat.compact(metrics.ttft.p99Ms), SLOState(valueMs: metrics.ttft.p99Ms, limitMs: slo.ttftP99Ms).style) : ("–", .dim)
      case "ITL p99": cell = metrics.itl.count > 0 ? (NumberFormat.compact(metrics.itl.p99Ms), SLOState(valueMs: metrics.itl.p99Ms, limitMs: slo.itlP99Ms).style) : ("–", .dim)
      case "E2E p99": cell = (has ? NumberFormat.compact(metrics.e2e.p99Ms) : "–", .normal)
      case "req/s": cell = (NumberFormat.compact(metrics.requestsPerSecond), .normal)
      case "tok/s/GPU": cell = (NumberFormat.compact(metrics.outputTokensPerSecondPerGPU), .normal)
      case "max rate": cell = (capacity?.label ?? "–", capacity?.isFinished == true ? .normal : .dim)
      default: cell = (metrics.isFinished ? "✓" : NumberFormat.percent(metrics.progress), metrics.isFinished ? .good : .dim)
      }
      canvas.put(NumberFormat.right(cell.0, column.width - 1), x: x, y: y, style: cell.1)
      x += column.width
    }
  }

  /// The latency-vs-rate frontier of the splits, one `FrontierChart` per latency model side by side
  /// on shared axes: per split (marker = its TP), TTFT p99 at the split's run (the draft's rate)
  /// and at every finished capacity probe, with the TTFT SLO dashed. Drawn in Unicode (braille);
  /// `Canvas.asciiFolded()` turns it into the chart's ASCII form on non-UTF-8 terminals.
  private static func drawChart(_ rows: [SplitPlan.Row], state: AppState, top: Int, into canvas: inout Canvas) {
    let bottom = canvas.height - 3
    guard bottom - top >= 6 else { return }
    let slo = state.draft.slo
    ScreenRenderer.heading("TTFT p99 (ms) vs offered req/s", y: top, focused: false, into: &canvas,
                           trailing: "left roofline · right blackbox · digit = TP · the split's run + its capacity probes")
    let kinds = LatencyKind.allCases
    let series = kinds.map { kind in rows.map { row in chartSeries(row, kind: kind, rate: state.draft.rateRequestsPerSecond, rows: rows) } }
    let xs = series.flatMap { $0.flatMap { $0.points.map(\.x) } }
    let capacities = rows.flatMap { row in kinds.compactMap { row.capacity[$0]?.highestPassingRate } }
    let maxX = capacities.max().map { $0 * 1.3 } ?? xs.max().map { max($0, 1e-3) * 1.05 }
    let chartWidth = (canvas.width - 1) / 2
    for (column, kind) in kinds.enumerated() {
      let chart = FrontierChart(series: series[column].filter { !$0.points.isEmpty }, xLabel: "req/s",
                                yLabel: "\(kind.rawValue): TTFT p99 ms", limitY: slo.ttftP99Ms, maxY: slo.ttftP99Ms * 3, maxX: maxX)
      let lines = chart.render(width: chartWidth, height: bottom - top, glyphs: .braille)
      for (offset, line) in lines.enumerated() {
        canvas.put(line, x: column * (chartWidth + 1), y: top + 1 + offset, style: offset == 0 ? .label : .accent, maxWidth: chartWidth)
      }
    }
  }

  /// One split's points for one model: (offered req/s, TTFT p99 ms) of its run and its probes.
  private static func chartSeries(_ row: SplitPlan.Row, kind: LatencyKind, rate: Double, rows: [SplitPlan.Row]) -> FrontierChart.Series {
    var points: [(x: Double, y: Double)] = []
    if let metrics = row.metrics[kind], metrics.ttft.count > 0 { points.append((rate, metrics.ttft.p99Ms)) }
    for probe in row.capacity[kind]?.probes ?? [] {
      if let ttft = probe.ttftP99Ms { points.append((probe.rateRequestsPerSecond, ttft)) }
    }
    let byTP = rows.allSatisfy { $0.split.tensorParallelism < 10 }
    let index = rows.firstIndex { $0.split == row.split } ?? 0
    let marker = byTP ? Character("\(row.split.tensorParallelism)") : Character(Unicode.Scalar(UInt8(65 + index % 26)))
    return FrontierChart.Series(marker: marker, label: row.split.label, points: points)
  }
}
