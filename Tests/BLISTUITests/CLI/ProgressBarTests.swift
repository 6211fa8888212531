import Testing
@testable import BLISTUI

/// Collects what the bar writes.
private final class Sink: @unchecked Sendable {
  var writes: [String] = []
}

private func bar(enabled: Bool = true, sink: Sink) -> ProgressBar {
  ProgressBar(isEnabled: enabled, columns: 80) { sink.writes.append($0) }
}

@Suite struct ProgressBarTests {
  @Test func renderShowsFractionCountsElapsedAndETA() {
    let line = ProgressBar.render(completed: 250, total: 500, elapsedSeconds: 3, columns: 80)
    #expect(line.hasPrefix("["))
    #expect(line.contains("  50%  250/500 requests  3.0 s  ETA 3.0 s"))
    let bar = line.prefix { $0 != " " }
    let cells = bar.dropFirst().dropLast()
    #expect(cells.filter { $0 == "#" }.count * 2 == cells.count, "half the cells are filled: \(bar)")
    #expect(line.count <= 79)
  }

  @Test func renderAtTheEndsAndClamps() {
    let empty = ProgressBar.render(completed: 0, total: 10, elapsedSeconds: 0, columns: 80)
    #expect(!empty.contains("#"))
    #expect(!empty.contains("ETA"))
    let full = ProgressBar.render(completed: 12, total: 10, elapsedSeconds: 75, columns: 80)
    #expect(!full.contains("."))
    #expect(full.contains("100%  10/10 requests  1m15s"))
    #expect(!full.contains("ETA"))
  }

  @Test func renderFitsNarrowTerminals() {
    for columns in [20, 40, 60, 200] {
      let line = ProgressBar.render(completed: 1234, total: 99999, elapsedSeconds: 4000, columns: columns)
      #expect(line.count <= columns - 1, "columns \(columns): \(line.count) characters")
    }
  }

  @Test(arguments: [(0.04, "0.0 s"), (12.34, "12.3 s"), (125, "2m05s"), (3720, "1h02m")])
  func secondsFormat(seconds: Double, expected: String) {
    #expect(ProgressBar.formatSeconds(seconds) == expected)
  }

  @Test func silentDuringTheFirstSecondThenThrottledThenCleared() {
    let sink = Sink()
    var progress = bar(sink: sink)
    progress.update(completed: 1, total: 100, nowSeconds: 10.0)
    progress.update(completed: 5, total: 100, nowSeconds: 10.9)
    #expect(sink.writes.isEmpty, "nothing before the run has lasted 1 s")
    progress.update(completed: 10, total: 100, nowSeconds: 11.2)
    progress.update(completed: 11, total: 100, nowSeconds: 11.25)
    #expect(sink.writes.count == 1, "second redraw within 0.1 s is skipped")
    progress.update(completed: 20, total: 100, nowSeconds: 11.4)
    #expect(sink.writes.count == 2)
    #expect(sink.writes.last?.hasPrefix("\r\u{1B}[2K[") == true)
    progress.update(completed: 100, total: 100, nowSeconds: 11.41)
    #expect(sink.writes.count == 3, "the final state is always drawn")
    progress.finish()
    #expect(sink.writes.last == "\r\u{1B}[2K")
  }

  @Test func disabledOrShortRunsWriteNothing() {
    let sink = Sink()
    var disabled = bar(enabled: false, sink: sink)
    disabled.update(completed: 1, total: 2, nowSeconds: 0)
    disabled.update(completed: 2, total: 2, nowSeconds: 5)
    disabled.finish()
    var short = bar(sink: sink)
    short.update(completed: 1, total: 2, nowSeconds: 0)
    short.update(completed: 2, total: 2, nowSeconds: 0.5)
    short.finish()
    #expect(sink.writes.isEmpty)
  }
}
