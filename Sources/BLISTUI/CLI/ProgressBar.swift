import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stderr progress bar of long runs: `[##########..........]  50%  250/500 requests  1.2 s  ETA 1.2 s`.
///
/// Drawn only when enabled (stderr is a terminal and not `--quiet`) and only once the run has
/// lasted longer than `minimumElapsedSeconds`, so short runs print nothing; redraws are
/// throttled to one per `redrawIntervalSeconds`; `finish()` erases the line. Time is passed in
/// (wall-clock seconds since any fixed origin), so the logic is testable without waiting.
struct ProgressBar {
  var isEnabled: Bool
  var columns: Int
  var minimumElapsedSeconds = 1.0
  var redrawIntervalSeconds = 0.1
  var write: (String) -> Void

  private var startSeconds: Double?
  private var lastDrawSeconds: Double?
  private(set) var hasDrawn = false

  init(isEnabled: Bool, columns: Int = 80, write: @escaping (String) -> Void) {
    self.isEnabled = isEnabled
    self.columns = columns
    self.write = write
  }

  /// A bar on stderr when stderr is a terminal and `quiet` is off.
  static func standardError(quiet: Bool) -> ProgressBar {
    let isTerminal = isatty(STDERR_FILENO) == 1
    return ProgressBar(isEnabled: isTerminal && !quiet, columns: terminalColumns(STDERR_FILENO)) { text in
      StandardStream.error.writeIgnoringErrors(text)
    }
  }

  /// Reports progress; draws if enabled, past the first second and not drawn too recently.
  mutating func update(completed: Int, total: Int, nowSeconds: Double) {
    guard isEnabled else { return }
    let start = startSeconds ?? nowSeconds
    startSeconds = start
    let elapsed = nowSeconds - start
    guard elapsed > minimumElapsedSeconds else { return }
    if let last = lastDrawSeconds, nowSeconds - last < redrawIntervalSeconds, completed < total { return }
    lastDrawSeconds = nowSeconds
    hasDrawn = true
    write("\r\u{1B}[2K" + Self.render(completed: completed, total: total, elapsedSeconds: elapsed, columns: columns))
  }

  /// Erases the bar (if one was drawn) so the summary starts on a clean line.
  mutating func finish() {
    if hasDrawn { write("\r\u{1B}[2K") }
    hasDrawn = false
  }

  /// One line of at most `columns` characters (the bar shrinks first, down to 10 cells).
  static func render(completed: Int, total: Int, elapsedSeconds: Double, columns: Int) -> String {
    let total = max(total, 1)
    let done = min(max(completed, 0), total)
    let fraction = Double(done) / Double(total)
    let percent = String(Int((fraction * 100).rounded(.down)))
    var text = " " + String(repeating: " ", count: 3 - percent.count) + percent + "%  \(done)/\(total) requests  "
      + formatSeconds(elapsedSeconds)
    if done > 0 && done < total {
      text += "  ETA " + formatSeconds(elapsedSeconds * Double(total - done) / Double(done))
    }
    let barCells = min(40, max(10, columns - text.count - 3))
    let filled = Int((fraction * Double(barCells)).rounded(.down))
    let line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barCells - filled) + "]" + text
    return String(line.prefix(max(columns - 1, 0)))
  }

  /// "0.4 s", "12.3 s", "2m05s", "1h02m".
  static func formatSeconds(_ seconds: Double) -> String {
    let seconds = max(seconds, 0)
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    let whole = Int(seconds.rounded(.down))
    if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
    return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
  }

  /// Width of the terminal on `descriptor`, else `$COLUMNS`, else 80.
  static func terminalColumns(_ descriptor: Int32) -> Int {
    var size = winsize()
    if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
  }
}
