import Foundation

/// A latency-vs-throughput chart for a terminal: one curve per series (e.g. one per GPU split),
/// drawn with braille dots (2 × 4 dots per cell) or, in the ASCII fallback, with `.`; each
/// measured point is marked with its series' marker character, and an optional horizontal limit
/// (the SLO) is drawn dashed. A pure function of its inputs: used by `blis capacity --plot` and
/// reusable by the TUI's TP-vs-replication view.
struct FrontierChart {
  struct Series: Sendable, Hashable {
    /// One character drawn at each measured point, e.g. "1" for TP1×8.
    var marker: Character
    var label: String
    /// (x, y) in the chart's units (e.g. req/s, ms); drawn joined in increasing x.
    var points: [(x: Double, y: Double)]

    static func == (a: Series, b: Series) -> Bool {
      a.marker == b.marker && a.label == b.label && a.points.map(\.x) == b.points.map(\.x) && a.points.map(\.y) == b.points.map(\.y)
    }
    func hash(into h: inout Hasher) { h.combine(marker); h.combine(label); for p in points { h.combine(p.x); h.combine(p.y) } }
  }

  enum Glyphs: Sendable { case braille, ascii }

  var series: [Series]
  var xLabel: String
  var yLabel: String
  /// Drawn as a dashed horizontal line, e.g. the SLO limit.
  var limitY: Double?
  /// Right end of the x axis; points beyond it are left out. Nil = from the data.
  var maxX: Double?
  /// Ceiling of the y axis (larger values are clipped to the top row); the axis otherwise spans
  /// the data and the limit with 10 % headroom.
  var maxY: Double?

  init(series: [Series], xLabel: String, yLabel: String, limitY: Double? = nil, maxY: Double? = nil, maxX: Double? = nil) {
    self.series = series; self.xLabel = xLabel; self.yLabel = yLabel; self.limitY = limitY; self.maxY = maxY; self.maxX = maxX
  }

  /// The chart as exactly `height` lines of exactly `width` characters (minimums 24 × 6).
  func render(width: Int, height: Int, glyphs: Glyphs = .braille) -> [String] {
    let width = max(width, 24), height = max(height, 6)
    let labelWidth = 8
    let cols = width - labelWidth - 1
    let rows = height - 4  // title, axis, x labels, legend
    let series = self.series.map { s in
      var s = s
      s.points = s.points.filter { $0.x.isFinite && $0.y.isFinite && $0.x <= (maxX ?? .infinity) }
      return s
    }
    let allPoints = series.flatMap(\.points)
    let xMax = maxX ?? max(allPoints.map(\.x).max() ?? 1, 1e-9) * 1.05
    let yTop = max(min(maxY ?? .infinity, max(allPoints.map(\.y).max() ?? 1, limitY ?? 0) * 1.1), 1e-9)

    var dots = Array(repeating: Array(repeating: false, count: cols * 2), count: rows * 4)
    var marks = Array(repeating: Array(repeating: Character(" "), count: cols), count: rows)
    func dot(_ x: Double, _ y: Double) -> (Int, Int) {
      let dx = Int((x / xMax * Double(cols * 2 - 1)).rounded())
      let dy = Int(((1 - min(y, yTop) / yTop) * Double(rows * 4 - 1)).rounded())
      return (min(max(dx, 0), cols * 2 - 1), min(max(dy, 0), rows * 4 - 1))
    }
    if let limit = limitY, limit <= yTop {
      let (_, dy) = dot(0, limit)
      for c in 0..<cols where c % 2 == 0 { marks[dy / 4][c] = glyphs == .braille ? "┄" : "-" }
    }
    for s in series {
      // Above the ceiling, only the first point of each run is drawn (at the top row), so a
      // curve shows where it leaves the chart without a clutter of clipped probes.
      var pts: [(x: Double, y: Double)] = []
      for p in s.points.sorted(by: { $0.x < $1.x }) where p.y <= yTop || (pts.last.map { $0.y <= yTop } ?? true) {
        pts.append(p)
      }
      for (a, b) in zip(pts, pts.dropFirst()) {
        let (x0, y0) = dot(a.x, a.y), (x1, y1) = dot(b.x, b.y)
        let steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for k in 0...steps {
          let x = x0 + (x1 - x0) * k / steps, y = y0 + (y1 - y0) * k / steps
          dots[y][x] = true
        }
      }
      for p in pts {
        let (x, y) = dot(p.x, p.y)
        marks[y / 4][x / 2] = s.marker
      }
    }

    var lines: [String] = []
    lines.append(Self.fit("\(yLabel) vs \(xLabel)", width))
    for r in 0..<rows {
      let yValue = yTop * (1 - Double(r) / Double(max(rows - 1, 1)))
      let label = r == 0 || r == rows - 1 || r == rows / 2 ? Self.number(r == rows - 1 ? 0 : yValue) : ""
      var line = String(repeating: " ", count: max(0, labelWidth - label.count)) + label.prefix(labelWidth)
      line += glyphs == .braille ? "┤" : "|"
      for c in 0..<cols {
        let mark = marks[r][c]
        let isLimit = mark == "┄" || mark == "-"
        if mark != " " && !isLimit {
          line.append(mark)  // a measured point
        } else if Self.hasDot(dots, r, c) {
          line.append(glyphs == .braille ? Self.braille(dots, r, c) : ".")  // a curve
        } else {
          line.append(mark)  // the limit, or blank
        }
      }
      lines.append(line)
    }
    let axis = String(repeating: " ", count: labelWidth) + (glyphs == .braille ? "└" + String(repeating: "─", count: cols) : "+" + String(repeating: "-", count: cols))
    lines.append(axis)
    let left = "0", mid = Self.number(xMax / 2), right = Self.number(xMax)
    var xl = Array(repeating: Character(" "), count: cols)
    for (text, start) in [(left, 0), (mid, cols / 2 - mid.count / 2), (right, cols - right.count)] {
      for (k, ch) in text.enumerated() where start + k >= 0 && start + k < cols { xl[start + k] = ch }
    }
    lines.append(String(repeating: " ", count: labelWidth + 1) + String(xl))
    let legend = series.map { "\($0.marker) \($0.label)" }.joined(separator: "  ")
      + (limitY.map { "  \(glyphs == .braille ? "┄" : "-") limit \(Self.number($0))" } ?? "")
    lines.append(legend)
    return lines.map { Self.fit(glyphs == .ascii ? Self.asciiOnly($0) : $0, width) }
  }

  private static func hasDot(_ dots: [[Bool]], _ r: Int, _ c: Int) -> Bool {
    for dy in 0..<4 { for dx in 0..<2 where dots[r * 4 + dy][c * 2 + dx] { return true } }
    return false
  }

  /// The braille character of cell (r, c): dot bits per Unicode's 2 × 4 layout.
  private static func braille(_ dots: [[Bool]], _ r: Int, _ c: Int) -> Character {
    let bits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    var code: UInt32 = 0
    for dy in 0..<4 { for dx in 0..<2 where dots[r * 4 + dy][c * 2 + dx] { code |= bits[dy][dx] } }
    return Character(Unicode.Scalar(0x2800 + code)!)
  }

  /// Labels in the ASCII fallback: "×" → "x", "≤" → "<=", any other non-ASCII character → "?".
  static func asciiOnly(_ s: String) -> String {
    var out = ""
    for ch in s {
      if ch.isASCII { out.append(ch) } else if ch == "×" { out.append("x") } else if ch == "≤" { out += "<=" } else { out.append("?") }
    }
    return out
  }

  /// Pads or truncates to exactly `width` characters.
  static func fit(_ s: String, _ width: Int) -> String {
    s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
  }

  /// "0", "12.5", "480", "1.2k".
  static func number(_ v: Double) -> String {
    if v >= 10_000 { return String(format: "%.0fk", v / 1000) }
    if v >= 1000 { return String(format: "%.1fk", v / 1000) }
    if v >= 100 || v == 0 { return String(format: "%.0f", v) }
    if v >= 10 { return String(format: "%.1f", v) }
    return String(format: "%.2f", v)
  }
}
