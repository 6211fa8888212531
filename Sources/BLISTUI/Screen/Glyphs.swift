/// Bars and sparklines. Views always draw Unicode; `Canvas.asciiFolded()` maps every glyph to
/// ASCII for terminals whose locale is not UTF-8.
enum Glyphs {
  static let sparkLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// A bar of `width` cells, `fraction` (clamped to 0…1) of them full.
  static func bar(fraction: Double, width: Int) -> String {
    guard width > 0 else { return "" }
    let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
    let full = Int((clamped * Double(width)).rounded())
    return String(repeating: "█", count: full) + String(repeating: "░", count: width - full)
  }

  /// `samples` (each in 0…1, oldest first) as a sparkline of at most `width` cells, left-padded with
  /// blanks. Longer histories are resampled: each cell shows the maximum of its share of samples,
  /// so the whole history stays visible and short peaks are not lost.
  static func sparkline(_ samples: [Double], width: Int) -> String {
    guard width > 0 else { return "" }
    let top = sparkLevels.count - 1
    var cells = samples
    if samples.count > width {
      cells = (0..<width).map { cell in
        let from = cell * samples.count / width
        let to = max(from + 1, (cell + 1) * samples.count / width)
        return samples[from..<to].max() ?? 0
      }
    }
    let marks = cells.map { value -> Character in
      let clamped = value.isFinite ? min(1, max(0, value)) : 0
      return sparkLevels[min(top, Int(clamped * Double(sparkLevels.count)))]
    }
    return String(repeating: " ", count: width - marks.count) + String(marks)
  }
}
