/// Fitting text into a number of columns (one `Character` per column). Text that does not fit
/// always ends in "…", never cut mid-word silently.
enum TextFit {
  /// `text` cut to `width` columns, its last one "…" when it was longer.
  static func truncated(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    guard text.count > width else { return text }
    return String(text.prefix(width - 1)) + "…"
  }

  /// Left-aligned in exactly `width` columns.
  static func left(_ text: String, _ width: Int) -> String {
    let fitted = truncated(text, width)
    return fitted + String(repeating: " ", count: max(0, width - fitted.count))
  }

  /// Right-aligned in exactly `width` columns.
  static func right(_ text: String, _ width: Int) -> String {
    let fitted = truncated(text, width)
    return String(repeating: " ", count: max(0, width - fitted.count)) + fitted
  }

  /// Splits `text` into lines of at most `width` characters at spaces; a word longer than a line
  /// is cut with "…".
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ").map(String.init) {
      let piece = truncated(word, width)
      if line.isEmpty { line = piece } else if line.count + 1 + piece.count <= width { line += " " + piece } else {
        lines.append(line)
        line = piece
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
