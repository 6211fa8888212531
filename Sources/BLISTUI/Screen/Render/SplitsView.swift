import BLISSim

/// TP vs replication: every split of the GPU budget simulated with both models at the draft's
/// rate, its max rate within the SLO and cost, ★ on the best split once every search has
/// finished, ⚠ on flagged rows (the reasons under the table), and a latency-vs-rate chart of the
/// splits' capacity probes (`FrontierChart`).
enum SplitsView {
  struct Column {
    var title: String
    var width: Int
  }

  /// Table columns after marker, split and model (TTFT p50 only when there is room).
  static func columns(width: Int) -> [Column] {
    var result: [Column] = []
    if width >= 90 { result.append(Column(title: "TTFT p50", width: 9)) }
    result += [Column(title: "TTFT p99", width: 9), Column(title: "ITL p99", width: 8), Column(title: "E2E p99", width: 8),
               Column(title: "served", width: 7), Column(title: "max rate", width: 9), Column(title: "$/h", width: 7),
               Column(title: "$/M tok", width: 8), Column(title: "done", width: 5)]
    return result
  }

  /// Widths of the marker (selection ▶ and ★), split and model columns.
  static let markerWidth = 3, splitWidth = 7, modelWidth = 9

  static func draw(_ state: AppState, top: Int, into canvas: inout Canvas) {
    let rows = SplitTable.rows(state: state)
    let answer = state.answer
    let best = answer.best?.split
    let search = answer.isComplete ? "★ = best (CapacityPlanner.best)" : "searching… \(answer.finished)/\(answer.total), ★ when done"
    ScreenRenderer.heading("TP vs replication", y: top, focused: true, into: &canvas,
                           trailing: "\(state.gpuBudget) × \(state.draft.hardware) (+/- b: budget) · at \(NumberFormat.compact(state.draft.rateRequestsPerSecond)) req/s"
                             + " · \(search) · sorted by \(state.splitSort.rawValue) (s) · max rate = highest req/s within SLO")
    let columns = self.columns(width: canvas.width)
    var x = markerWidth + splitWidth + modelWidth
    canvas.put("split", x: markerWidth, y: top + 1, style: .label)
    canvas.put("model", x: markerWidth + splitWidth, y: top + 1, style: .label)
    for column in columns {
      let sorted = state.splitSort.rawValue == column.title
      canvas.put(TextFit.right(column.title + (sorted ? "▼" : ""), column.width - 1), x: x, y: top + 1, style: sorted ? .focused : .label)
      x += column.width
    }
    var y = top + 2
    var footnotes: [String] = []
    let flagRows = rows.flatMap { row in row.flags.filter { !$0.value.isEmpty }.map { _ in row } }.count
    let lastTableRow = canvas.height - 3 - min(flagRows, 2)
    for (index, row) in rows.enumerated() where y <= lastTableRow {
      let selected = index == state.splitSelection
      let isBest = row.split == best
      canvas.put((selected ? "▶" : " ") + (isBest ? "★" : ""), x: 0, y: y, style: isBest ? .best : .focused)
      canvas.put(TextFit.left("\(row.split)", splitWidth), x: markerWidth, y: y, style: isBest ? .best : selected ? .selected : .label)
      if let problem = row.problem {
        canvas.put(problem, x: markerWidth + splitWidth, y: y, style: .warn, maxWidth: canvas.width - markerWidth - splitWidth)
        y += 1
        continue
      }
      for kind in LatencyModelChoice.allCases where y <= lastTableRow {
        if let flag = row.flags[kind]?.first { footnotes.append("⚠ \(row.split) \(kind.rawValue): " + flag) }
        drawCells(kind: kind, row: row, state: state, columns: columns, y: y, into: &canvas)
        y += 1
      }
    }
    for note in footnotes.prefix(2) where y <= canvas.height - 3 {
      canvas.put(note, x: 1, y: y, style: .warn, maxWidth: canvas.width - 2)
      y += 1
    }
    drawChart(rows, state: state, top: y + 1, into: &canvas)
  }

  private static func drawCells(kind: LatencyModelChoice, row: SplitTable.Row, state: AppState, columns: [Column], y: Int,
                                into canvas: inout Canvas) {
    let slo = state.draft.slo
    let flagged = !(row.flags[kind] ?? []).isEmpty
    canvas.put(kind.rawValue + (flagged ? "⚠" : ""), x: markerWidth + splitWidth, y: y, style: flagged ? .warn : .dim)
    let left = markerWidth + splitWidth + modelWidth
    if let reason = row.unavailable[kind] {
      let text = reason.hasPrefix(kind.rawValue + ": ") ? String(reason.dropFirst(kind.rawValue.count + 2)) : reason
      canvas.put(text, x: left, y: y, style: .warn, maxWidth: canvas.width - left - 1)
      return
    }
    let metrics = row.metrics[kind]
    let capacity = row.capacity[kind]
    let result = capacity?.result
    let has = (metrics?.ttft.count ?? 0) > 0
    var x = left
    for column in columns {
      let cell: (String, Style)
      switch column.title {
      case "TTFT p50": cell = has ? (NumberFormat.compact(metrics!.ttft.p50Ms), .normal) : ("–", .dim)
      case "TTFT p99": cell = has ? (NumberFormat.compact(metrics!.ttft.p99Ms), SLOState(valueMs: metrics!.ttft.p99Ms, limitMs: slo.ttftP99Ms).style) : ("–", .dim)
      case "ITL p99": cell = (metrics?.itl.count ?? 0) > 0 ? (NumberFormat.compact(metrics!.itl.p99Ms), SLOState(valueMs: metrics!.itl.p99Ms, limitMs: slo.itlP99Ms).style) : ("–", .dim)
      case "E2E p99": cell = has ? (NumberFormat.compact(metrics!.e2e.p99Ms), .normal) : ("–", .dim)
      case "served":
        let verdict = Verdict(measurement: metrics?.measurement, slo: slo, load: .steady)
        cell = metrics?.servedRequestsPerSecond.map { (NumberFormat.compact($0), verdict == .overloaded ? .bad : .normal) } ?? ("…", .dim)
      case "max rate": cell = (capacity?.label ?? "…", capacity?.isFinished == true ? .normal : .dim)
      case "$/h": cell = (result?.usdPerHour.map(NumberFormat.dollars) ?? "–", .normal)
      case "$/M tok": cell = (result?.usdPerMillionOutputTokens.map(NumberFormat.dollars) ?? "–", .normal)
      default:
        let done = (metrics?.isFinished ?? false) && (capacity?.isFinished ?? true)
        cell = done ? ("✓", .good) : (metrics.map { NumberFormat.percent($0.progress, decimals: 0) } ?? "…", .dim)
      }
      canvas.put(TextFit.right(cell.0, column.width - 1), x: x, y: y, style: cell.1)
      x += column.width
    }
  }

  /// The latency-vs-rate frontier of the splits, one `FrontierChart` per model side by side on
  /// shared axes: per split (marker = its TP), TTFT p99 at the split's run (the draft's rate)
  /// and at every finished capacity probe, with the TTFT SLO dashed.
  private static func drawChart(_ rows: [SplitTable.Row], state: AppState, top: Int, into canvas: inout Canvas) {
    let bottom = canvas.height - 3
    guard bottom - top >= 6 else { return }
    let slo = state.draft.slo
    ScreenRenderer.heading("TTFT p99 (ms) vs offered req/s", y: top, focused: false, into: &canvas,
                           trailing: "left roofline · right blackbox · digit = TP · the split's run + its capacity probes")
    let kinds = LatencyModelChoice.allCases
    let ordered = rows.sorted { $0.split < $1.split }
    let series = kinds.map { kind in ordered.map { chartSeries($0, kind: kind, rate: state.draft.rateRequestsPerSecond, rows: ordered) } }
    let xs = series.flatMap { $0.flatMap { $0.points.map(\.x) } }
    let capacities = rows.flatMap { row in kinds.compactMap { row.capacity[$0]?.highestPassingRate } }
    let maxX = capacities.max().map { $0 * 1.3 } ?? xs.max().map { max($0, 1e-3) * 1.05 }
    let chartWidth = (canvas.width - 1) / 2
    let limit = slo.ttftP99Ms
    for (column, kind) in kinds.enumerated() {
      let chart = FrontierChart(series: series[column].filter { !$0.points.isEmpty }, xLabel: "req/s",
                                yLabel: "\(kind.rawValue): TTFT p99 ms", limitY: limit, maxY: limit.map { $0 * 3 }, maxX: maxX)
      let lines = chart.render(width: chartWidth, height: bottom - top, glyphs: .braille)
      for (offset, line) in lines.enumerated() {
        canvas.put(line, x: column * (chartWidth + 1), y: top + 1 + offset, style: offset == 0 ? .label : .accent, maxWidth: chartWidth)
      }
    }
  }

  /// One split's points for one model: (offered req/s, TTFT p99 ms) of its run and its probes.
  private static func chartSeries(_ row: SplitTable.Row, kind: LatencyModelChoice, rate: Double, rows: [SplitTable.Row]) -> FrontierChart.Series {
    var points: [(x: Double, y: Double)] = []
    if let metrics = row.metrics[kind], metrics.ttft.count > 0 { points.append((rate, metrics.ttft.p99Ms)) }
    for probe in row.capacity[kind]?.probes ?? [] {
      if let ttft = probe.ttftP99Ms { points.append((probe.rateRequestsPerSecond, ttft)) }
    }
    let byTP = rows.allSatisfy { $0.split.tensorParallelism < 10 }
    let index = rows.firstIndex { $0.split == row.split } ?? 0
    let marker = byTP ? Character("\(row.split.tensorParallelism)") : Character(Unicode.Scalar(UInt8(65 + index % 26)))
    return FrontierChart.Series(marker: marker, label: "\(row.split)", points: points)
  }
}
