import CNcurses
import Foundation

/// Why the terminal could not be opened (one line, suggests the headless alternatives).
struct TerminalUnavailable: Error, CustomStringConvertible {
  var description: String
}

/// Facts about the process's terminal, checked before curses starts.
enum TerminalEnvironment {
  /// Whether both stdin and stdout are terminals.
  static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

  /// Adopts the user's locale (must precede curses) and says whether it is UTF-8.
  static func adoptLocaleIsUTF8() -> Bool {
    setlocale(LC_ALL, "")
    return cn_utf8_locale() != 0
  }
}

/// The ncurses terminal: the only type that talks to curses. Use from the main thread only.
///
/// Start-up: locale, `newterm` on stdio (a clean error instead of ncurses' exit(1) for an unknown
/// TERM), raw mode (Ctrl-C arrives as a key so quitting is graceful), no echo, keypad, hidden
/// cursor, 25 ms ESC delay, colours unless `NO_COLOR` is set, then handlers that restore the
/// terminal on fatal signals (chaining to the previous action) and an `atexit` endwin.
/// Frames: `erase` + draw + one `refresh` (ncurses diffs); `clear` only after `invalidate` (Ctrl-L).
struct NcursesTerminal: Terminal {
  private let colourEnabled: Bool
  private let unicode: Bool
  private var isOpen = true
  private var needsClear = false

  init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    unicode = TerminalEnvironment.adoptLocaleIsUTF8()
    guard cn_newterm_stdio() != nil else {
      let term = environment["TERM"].map { "\"\($0)\"" } ?? "(unset)"
      throw TerminalUnavailable(description: "blis tui: cannot open the terminal (TERM=\(term) unknown to terminfo); "
        + "use `blis run` or `blis tui --dump-frame`")
    }
    raw()
    noecho()
    keypad(cn_stdscr(), true)
    curs_set(0)
    cn_set_escdelay(25)
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    if !noColor && has_colors() {
      start_color()
      use_default_colors()
      let hues: [CellAttributes.Colour: Int32] = [
        .green: COLOR_GREEN, .yellow: COLOR_YELLOW, .red: COLOR_RED, .cyan: COLOR_CYAN, .blue: COLOR_BLUE,
        .magenta: COLOR_MAGENTA,
      ]
      for (colour, hue) in hues { init_pair(colour.rawValue, Int16(hue), -1) }
      colourEnabled = true
    } else {
      colourEnabled = false
    }
    cn_install_fatal_handlers()
    cn_register_atexit_endwin()
  }

  var width: Int { Int(cn_cols()) }
  var height: Int { Int(cn_lines()) }

  mutating func draw(_ canvas: Canvas) {
    let frame = unicode ? canvas : canvas.asciiFolded()
    if needsClear { clear(); needsClear = false } else { erase() }
    for y in 0..<frame.height {
      for run in frame.runs(row: y) {
        var text = run.text
        // Writing the bottom-right cell makes addstr fail (the cursor cannot advance): skip it.
        if y == frame.height - 1, run.x + text.count >= frame.width { text = String(text.dropLast()) }
        guard !text.isEmpty else { continue }
        _ = cn_attrset(attributes(run.style))
        _ = cn_mvaddstr(Int32(y), Int32(run.x), text)
      }
    }
    _ = cn_attrset(cn_a_normal())
    refresh()
  }

  private func attributes(_ style: Style) -> attr_t {
    let cell = CellAttributes.forStyle(style, colourEnabled: colourEnabled)
    var value = cn_a_normal()
    if let colour = cell.colour, colourEnabled { value |= attr_t(cn_color_pair(Int32(colour.rawValue))) }
    if cell.bold { value |= cn_a_bold() }
    if cell.dim { value |= cn_a_dim() }
    if cell.reverse { value |= cn_a_reverse() }
    if cell.underline { value |= cn_a_underline() }
    return value
  }

  mutating func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
    timeout(Int32(timeoutMilliseconds))
    let code = getch()
    if code == ERR { return nil }
    if code == KEY_RESIZE { return .resize(width: width, height: height) }
    return Self.decode(code).map(TerminalInput.key)
  }

  /// Maps a curses key code to a `Key` (nil for codes the planner ignores).
  static func decode(_ code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_BTAB: return .backTab
    case KEY_ENTER, 10, 13: return .enter
    case KEY_BACKSPACE, 127, 8: return .backspace
    case 9: return .tab
    case 27: return .escape
    case 1...26: return .control(Character(UnicodeScalar(UInt8(code) + 96)))
    case 32...126: return .character(Character(UnicodeScalar(UInt8(code))))
    default: return nil
    }
  }

  mutating func invalidate() { needsClear = true }

  mutating func close() {
    guard isOpen else { return }
    isOpen = false
    curs_set(1)
    endwin()
  }
}
