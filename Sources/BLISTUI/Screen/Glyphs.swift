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

  /// The last `width` samples (each in 0…1) as a sparkline, left-padded with blanks.
  static func sparkline(_ samples: [Double], width: Int) -> String {
    guard width > 0 else { return "" }
    let top = sparkLevels.count - 1
    let marks = samples.suffix(width).map { value -> Character in
      let clamped = value.isFinite ? min(1, max(0, value)) : 0
      return sparkLevels[min(top, Int(clamped * Double(sparkLevels.count)))]
    }
    return String(repeating: " ", count: width - marks.count) + String(marks)
  }
}
