/// A multi-row column chart for a terminal: one column per cell, height in eighths of a cell
/// (`▁`…`█`), a lighter band (`░`) from each column's value up to a second, larger value (e.g.
/// p50 solid, p99 as the band; served solid, offered as the band), and an optional dashed
/// limit row (`┄`, e.g. the SLO) in the empty cells at its height. A pure function of its inputs.
struct BlockChart: Sendable {
  /// One column: the solid value, the band's top (nil: no band), or nil for "no data" (blank).
  struct Column: Sendable, Hashable {
    var value: Double
    var bandTop: Double?
  }

  var columns: [Column?]
  /// Top of the y axis (values above it are drawn full height).
  var maximum: Double
  var limit: Double?

  static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// The chart as `height` rows (top first) of `columns.count` characters.
  func rows(height: Int) -> [String] {
    guard height > 0 else { return [] }
    let eighths = height * 8
    func scaled(_ value: Double) -> Int {
      guard maximum > 0, value.isFinite else { return 0 }
      let units = Int((min(max(value, 0), maximum) / maximum * Double(eighths)).rounded())
      return value > 0 ? max(1, units) : 0
    }
    let limitRow = limit.flatMap { l -> Int? in
      guard maximum > 0, l < maximum else { return nil }
      return min(height - 1, Int((l / maximum * Double(height)).rounded(.down)))
    }
    var result: [String] = []
    for row in stride(from: height - 1, through: 0, by: -1) {
      let bottom = row * 8, top = bottom + 8
      var line = ""
      for column in columns {
        guard let column else { line.append(row == limitRow ? "┄" : " "); continue }
        let solid = scaled(column.value)
        let band = column.bandTop.map(scaled) ?? 0
        if solid >= top { line.append("█") }
        else if solid > bottom { line.append(Self.levels[solid - bottom - 1]) }
        else if band > bottom { line.append("░") }
        else { line.append(row == limitRow ? "┄" : " ") }
      }
      result.append(line)
    }
    return result
  }

  /// Resamples `values` (oldest first) to at most `width` columns: each column shows the maximum
  /// of its share, so short peaks are not lost. Fewer values than columns are kept as they are.
  static func resample(_ values: [Column?], width: Int) -> [Column?] {
    guard width > 0 else { return [] }
    guard values.count > width else { return values }
    return (0..<width).map { cell in
      let from = cell * values.count / width
      let to = max(from + 1, (cell + 1) * values.count / width)
      let share = values[from..<to].compactMap { $0 }
      guard !share.isEmpty else { return nil }
      let bands = share.compactMap(\.bandTop)
      return Column(value: share.map(\.value).max() ?? 0, bandTop: bands.isEmpty ? nil : bands.max())
    }
  }
}
