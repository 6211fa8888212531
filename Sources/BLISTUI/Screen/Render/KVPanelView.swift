import BLISSim

/// KV-block usage per instance for both models, on an absolute scale (0–100 % of the instance's
/// blocks): a bar at the playback cursor, a sparkline of the history up to it, and the peak and
/// time-averaged usage of the whole run.
enum KVPanelView {
  static func draw(_ state: AppState, top: Int, bottom: Int, into canvas: inout Canvas) {
    let visibleRows = max(0, bottom - top - 1)
    let count = state.draft.split.instances
    let first = min(state.kvScroll, max(0, count - visibleRows))
    let last = min(count, first + visibleRows)
    let range = count > visibleRows ? "instances \(first + 1)–\(last) of \(count) (Tab here, ↑↓) · " : ""
    let now = state.playbackAtEnd ? "mean use" : "used at ▶ \(NumberFormat.duration(state.playback.cursorSeconds))"
    ScreenRenderer.heading("KV blocks", y: top, focused: state.focus == .kvCache, into: &canvas,
                           trailing: range + "\(now) · history (0–100 %) · pk/avg = peak/mean of the run")
    guard state.problems.isEmpty else { return }
    let nameWidth = 1 + String(max(0, count - 1)).count + 1
    for kind in LatencyModelChoice.allCases {
      let (x, width) = ResultsPanelView.block(kind, canvasWidth: canvas.width)
      guard let progress = state.progress(.dashboard(kind)) else {
        if case .unavailable? = state.outcomes[.dashboard(kind)] {
          canvas.put("(no \(kind.rawValue) run)", x: x, y: top + 1, style: .dim, maxWidth: width)
        }
        continue
      }
      let history = KVHistory(series: progress.series, cursorSeconds: state.playback.cursorSeconds,
                              playing: !state.playbackAtEnd)
      for (row, index) in (first..<last).enumerated() {
        guard let instance = progress.snapshot.instances.first(where: { $0.index == index }) else { continue }
        drawInstance(instance, history: history, nameWidth: nameWidth, x: x, width: width, y: top + 1 + row, into: &canvas)
      }
    }
  }

  /// One instance's KV usage over the time series, up to the playback cursor.
  struct KVHistory {
    var series: TimeSeries?
    var cursorSeconds: Double
    /// While playing, the bar shows the usage at the cursor; at the end, the run's mean.
    var playing: Bool

    /// Usage fractions of instance `index`, one per window up to the cursor.
    func fractions(_ index: Int) -> [Double]? {
      guard let series, !series.windows.isEmpty else { return nil }
      let visible = series.windows.prefix { $0.startSeconds < max(cursorSeconds, series.windowSeconds) }
      return visible.map { index < $0.instanceKVFractions.count ? $0.instanceKVFractions[index] : 0 }
    }
  }

  private static func drawInstance(_ instance: InstanceProgress, history: KVHistory, nameWidth: Int, x: Int, width: Int,
                                   y: Int, into canvas: inout Canvas) {
    let total = Double(max(1, instance.kvTotalBlocks))
    let samples = history.fractions(instance.index) ?? instance.kvUtilizationHistory
    let peak = Double(instance.kvPeakUsedBlocks) / total
    let mean = instance.kvMeanUsedBlocks / total
    let now = history.playing ? samples.last ?? Double(instance.kvUsedBlocks) / total : mean
    let name = TextFit.left("i\(instance.index)", nameWidth)
    let percent = TextFit.right(NumberFormat.percent(now, decimals: 0), 5)
    let tail = " pk" + TextFit.right(NumberFormat.percent(peak, decimals: 0), 5) + " avg" + TextFit.right(NumberFormat.percent(mean, decimals: 0), 5)
    let room = max(4, width - name.count - percent.count - tail.count - 1)
    let barWidth = max(3, room * 2 / 5)
    let sparkWidth = max(1, room - barWidth - 1)
    var lineX = canvas.put(name, x: x, y: y, style: .label)
    lineX = canvas.put(Glyphs.bar(fraction: now, width: barWidth), x: lineX, y: y, style: pressureStyle(now))
    lineX = canvas.put(percent, x: lineX, y: y, style: pressureStyle(now))
    lineX = canvas.put(Glyphs.sparkline(samples, width: sparkWidth), x: lineX + 1, y: y, style: .accent)
    canvas.put(tail, x: lineX, y: y, style: pressureStyle(peak), maxWidth: max(0, x + width - lineX))
  }

  /// KV pressure: below 70 % fine, up to 90 % close, above that the cache is about to preempt.
  static func pressureStyle(_ fraction: Double) -> Style {
    fraction > 0.9 ? .bad : fraction >= 0.7 ? .warn : .good
  }
}
