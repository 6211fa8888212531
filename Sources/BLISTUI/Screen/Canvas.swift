/// A value grid of styled cells: what one frame of the TUI looks like, before any terminal sees it.
///
/// Coordinates are zero-based columns (`x`) and rows (`y`). Each `Character` occupies one column
/// (true for the ASCII, box-drawing, block and braille glyphs the renderer uses). Writes outside
/// the grid are clipped, never trapped, so views can be laid out without bounds arithmetic.
struct Canvas: Sendable, Equatable {
  struct Cell: Sendable, Equatable {
    var character: Character
    var style: Style
  }

  /// A maximal run of cells on one row sharing a style (what a terminal draws with one call).
  struct Run: Sendable, Equatable {
    var x: Int
    var text: String
    var style: Style
  }

  let width: Int
  let height: Int
  private(set) var cells: [Cell]

  init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: Cell(character: " ", style: .normal), count: self.width * self.height)
  }

  subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Writes `text` starting at (`x`, `y`), at most `maxWidth` columns and never past the right
  /// edge. Text that does not fit ends in "…" (a label is never cut silently).
  /// - Returns: the column just after the last character written (or that would have been).
  @discardableResult
  mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) -> Int {
    let room = min(maxWidth ?? Int.max, width - x)
    let fitted = text.count > room && room > 0 ? TextFit.truncated(text, room) : text
    return write(fitted, x: x, y: y, style: style, limit: maxWidth.map { x + $0 } ?? Int.max)
  }

  /// Fills a row segment with one character (clipped at the edges, no "…").
  mutating func fill(_ character: Character, x: Int, y: Int, length: Int, style: Style = .normal) {
    write(String(repeating: character, count: max(0, length)), x: x, y: y, style: style, limit: Int.max)
  }

  /// Writes cells, clipped to the grid and to columns before `limit`.
  @discardableResult
  private mutating func write(_ text: String, x: Int, y: Int, style: Style, limit: Int) -> Int {
    var column = x
    for character in text {
      if column >= limit { break }
      if y >= 0, y < height, column >= 0, column < width {
        self[column, y] = Cell(character: character, style: style)
      }
      column += 1
    }
    return column
  }

  /// The text of every row, each exactly `width` characters long (for tests and `--dump-frame`).
  var lines: [String] {
    (0..<height).map { y in String((0..<width).map { self[$0, y].character }) }
  }

  /// The style runs of row `y`, left to right, covering the whole row.
  func runs(row y: Int) -> [Run] {
    var result: [Run] = []
    for x in 0..<width {
      let cell = self[x, y]
      if let last = result.last, last.style == cell.style {
        result[result.count - 1].text.append(cell.character)
      } else {
        result.append(Run(x: x, text: String(cell.character), style: cell.style))
      }
    }
    return result
  }
}
