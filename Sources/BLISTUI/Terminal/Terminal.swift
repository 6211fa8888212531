/// Input from the terminal, decoded.
enum TerminalInput: Sendable, Equatable {
  case key(Key)
  case resize(width: Int, height: Int)
}

/// What the main loop needs from a terminal. `NcursesTerminal` is the real one; tests can script
/// a fake. Implementations own all terminal I/O and are used from one thread only.
protocol Terminal {
  var width: Int { get }
  var height: Int { get }
  /// Shows `canvas` (one frame; the implementation diffs and refreshes once).
  mutating func draw(_ canvas: Canvas)
  /// Waits up to `timeoutMilliseconds` for input; nil when none arrived (that is the frame tick).
  mutating func nextInput(timeoutMilliseconds: Int) -> TerminalInput?
  /// Forces a full repaint on the next `draw` (Ctrl-L).
  mutating func invalidate()
  /// Restores the terminal (leaves the alternate screen, shows the cursor). Idempotent.
  mutating func close()
}
