/// A plain-text table: the first column left-aligned, the others right-aligned, each as wide as
/// its widest cell; optional group titles (`── TTFT ──`) over runs of columns, with three spaces
/// between groups and one inside. Deterministic (no terminal width involved).
struct TextTable {
  /// A title over `span` consecutive columns (after the label column).
  struct Group {
    var title: String
    var span: Int
  }

  static let groupGap = "   "

  var headers: [String]
  var groups: [Group] = []
  var rows: [[String]] = []
  /// How many leading columns are left-aligned (the rest are right-aligned).
  var leftAlignedColumns = 1
  /// Draw a line of dashes under the header.
  var underlineHeader = false

  init(headers: [String], groups: [Group] = []) {
    self.headers = headers
    self.groups = groups
  }

  mutating func add(_ row: [String]) { rows.append(row) }

  /// The table as lines ending in "\n", with trailing spaces trimmed.
  func render(indent: String = "") -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    // Separator before each column: "  " at the start of a group, " " inside one.
    var separators = Array(repeating: " ", count: headers.count)
    separators[0] = ""
    if !groups.isEmpty {
      var column = 1
      for group in groups {
        if column < separators.count { separators[column] = Self.groupGap }
        column += group.span
      }
    } else if headers.count > 1 {
      for i in 1..<headers.count { separators[i] = "  " }
    }
    // Widen a group's last column if its title is wider than its columns.
    var column = 1
    for group in groups {
      let range = column..<min(column + group.span, widths.count)
      let inner = range.reduce(0) { $0 + widths[$1] } + max(0, range.count - 1)
      if group.title.count + 2 > inner, let last = range.last { widths[last] += group.title.count + 2 - inner }
      column += group.span
    }

    func line(_ cells: [String]) -> String {
      var out = indent
      for (i, width) in widths.enumerated() {
        let cell = i < cells.count ? cells[i] : ""
        let pad = String(repeating: " ", count: max(0, width - cell.count))
        out += separators[i] + (i < leftAlignedColumns ? cell + pad : pad + cell)
      }
      return trimmed(out) + "\n"
    }

    var text = ""
    if !groups.isEmpty {
      var out = indent + String(repeating: " ", count: widths[0])
      var column = 1
      for group in groups {
        let range = column..<min(column + group.span, widths.count)
        let inner = range.reduce(0) { $0 + widths[$1] } + max(0, range.count - 1)
        let title = " \(group.title) "
        let left = (inner - title.count) / 2
        out += Self.groupGap + String(repeating: "─", count: left) + title
          + String(repeating: "─", count: inner - title.count - left)
        column += group.span
      }
      text += trimmed(out) + "\n"
    }
    text += line(headers)
    if underlineHeader {
      text += indent + String(repeating: "-", count: widths.reduce(0, +) + separators.reduce(0) { $0 + $1.count }) + "\n"
    }
    for row in rows { text += line(row) }
    return text
  }

  /// The rendered table as lines (without line ends).
  func lines(indent: String = "") -> [String] {
    render(indent: indent).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
  }

  private func trimmed(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
  }
}
