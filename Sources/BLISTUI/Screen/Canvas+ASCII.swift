/// ASCII fallback: used when the locale is not UTF-8, so a `C`/`POSIX` terminal never shows mojibake.
extension Canvas {
  /// The ASCII stand-in for each non-ASCII glyph the views use; anything else becomes "?".
  static let asciiFallback: [Character: Character] = [
    "▁": ".", "▂": ":", "▃": "-", "▄": "=", "▅": "+", "▆": "*", "▇": "#", "█": "#", "░": ".",
    "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "▶": ">", "✓": "+", "✗": "x", "★": "*",
    "Δ": "d", "≤": "<", "≥": ">", "×": "x", "·": ".", "…": "~", "↑": "^", "↓": "v", "←": "<", "→": ">",
    "⌫": "<", "α": "a", "β": "b", "●": "*", "‖": "=", "—": "-", "–": "-", "┤": "|", "┄": "-",
  ]

  /// The stand-in for one character: the table above, braille dots (the frontier chart's curves)
  /// → ".", as `FrontierChart`'s own ASCII form draws them; anything else "?".
  static func ascii(for character: Character) -> Character {
    if let mapped = asciiFallback[character] { return mapped }
    if let scalar = character.unicodeScalars.first, (0x2801...0x28FF).contains(scalar.value) { return "." }
    return "?"
  }

  /// The same frame with every non-ASCII character replaced by its ASCII stand-in.
  func asciiFolded() -> Canvas {
    var folded = self
    for y in 0..<height {
      for x in 0..<width {
        let character = self[x, y].character
        if !character.isASCII { folded[x, y].character = Canvas.ascii(for: character) }
      }
    }
    return folded
  }
}
