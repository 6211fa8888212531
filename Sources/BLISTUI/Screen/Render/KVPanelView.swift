import BLISSim

/// KV-block usage per instance for both models: a bar (used / total), a sparkline of usage over
/// simulated time, the peak and the time average.
enum KVPanelView {
  static func draw(_ state: AppState, top: Int, bottom: Int, into canvas: inout Canvas) {
    let visibleRows = max(0, bottom - top)
    let count = state.draft.instances
    let first = min(state.kvScroll, max(0, count - visibleRows))
    let last = min(count, first + visibleRows)
    let range = count > visibleRows ? "instances \(first + 1)–\(last) of \(count) (Tab here, ↑↓ to scroll) · " : ""
    ScreenRenderer.heading("KV blocks", y: top, focused: state.focus == .kvCache, into: &canvas,
                           trailing: range + "used · history over sim time (scaled to peak) · peak · time-avg"
                             + (showsQueue(canvasWidth: canvas.width) ? " · queued · running" : ""))
    guard state.problems.isEmpty else { return }
    for kind in LatencyKind.allCases {
      let (x, width) = ResultsPanelView.block(kind, canvasWidth: canvas.width)
      guard let snapshot = state.outcomes[.dashboard(kind)]?.snapshot else {
        if case .unavailable? = state.outcomes[.dashboard(kind)] {
          canvas.put("(no \(kind.rawValue) run)", x: x, y: top + 1, style: .dim, maxWidth: width)
        }
        continue
      }
      for (row, index) in (first..<last).enumerated() {
        guard let instance = snapshot.instances.first(where: { $0.index == index }) else { continue }
        drawInstance(instance, x: x, width: width, y: top + 1 + row, into: &canvas)
      }
    }
  }

  private static func drawInstance(_ instance: InstanceProgress, x: Int, width: Int, y: Int, into canvas: inout Canvas) {
    let total = Double(max(1, instance.kvTotalBlocks))
    let used = Double(instance.kvUsedBlocks) / total
    let peak = Double(instance.kvPeakUsedBlocks) / total
    let average = instance.kvMeanUsedBlocks / total
    let name = "i\(instance.index) "
    let percent = NumberFormat.right(NumberFormat.percent(used), 5) + " "
    var tail = " pk" + NumberFormat.right(NumberFormat.percent(peak), 4) + " av" + NumberFormat.right(NumberFormat.percent(average), 4)
    if width >= queueColumnMinimumWidth {   // room for the queue: waiting and running requests right now
      tail += "  q" + NumberFormat.left(String(instance.queueDepth), 4) + "run " + NumberFormat.left(String(instance.runningRequests), 3)
    }
    let room = max(4, width - name.count - percent.count - tail.count - 1)
    let barWidth = max(3, room * 2 / 5)
    let sparkWidth = max(1, room - barWidth)
    var lineX = canvas.put(name, x: x, y: y, style: .label)
    lineX = canvas.put(Glyphs.bar(fraction: used, width: barWidth), x: lineX, y: y, style: pressureStyle(used))
    lineX = canvas.put(percent, x: lineX, y: y, style: pressureStyle(used))
    // The sparkline is scaled to the instance's own peak (at least 5 %) so that motion is visible at
    // low utilisation; the absolute level is in the bar, the percentage and the peak next to it.
    let scale = max(0.05, instance.kvUtilizationHistory.max() ?? 0)
    let scaled = instance.kvUtilizationHistory.map { $0 / scale }
    lineX = canvas.put(Glyphs.sparkline(scaled, width: sparkWidth), x: lineX, y: y, style: .accent)
    canvas.put(tail, x: lineX, y: y, style: pressureStyle(peak), maxWidth: x + width - lineX)
  }

  /// Block width from which each instance row also shows its queued and running requests.
  static let queueColumnMinimumWidth = 50

  static func showsQueue(canvasWidth: Int) -> Bool {
    ResultsPanelView.block(.roofline, canvasWidth: canvasWidth).width >= queueColumnMinimumWidth
  }

  /// KV pressure: below 70 % fine, up to 90 % close, above that the cache is about to preempt.
  static func pressureStyle(_ fraction: Double) -> Style {
    fraction > 0.9 ? .bad : fraction >= 0.7 ? .warn : .good
  }
}
