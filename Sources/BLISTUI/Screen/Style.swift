/// The meaning of a cell's look. Views pick a meaning; the terminal maps it to colours or,
/// under `NO_COLOR`, to attributes only (so state stays readable without colour).
enum Style: Sendable, Hashable, CaseIterable {
  case normal
  case dim
  case title        // top bar
  case heading      // section and column headings
  case label
  case focused      // the focused panel's heading / selected field
  case selected     // selected row in a picker or table
  case good         // within SLO
  case warn         // close to the SLO (≥ 80 % of the limit)
  case bad          // SLO violated, or an error
  case accent       // bars and sparklines
  case best         // the best split in the TP-vs-replication view
  case hint         // hint bar
}

/// How a terminal should draw a `Style`: a colour pair (or none) plus attributes.
struct CellAttributes: Sendable, Hashable {
  enum Colour: Int16, Sendable, Hashable, CaseIterable {
    case green = 1, yellow, red, cyan, blue, magenta
  }
  var colour: Colour?
  var bold = false
  var dim = false
  var reverse = false
  var underline = false

  /// The attributes for `style`; with `colourEnabled == false` (NO_COLOR, or a terminal without
  /// colours) state is carried by bold / underline / reverse instead of hue.
  static func forStyle(_ style: Style, colourEnabled: Bool) -> CellAttributes {
    switch style {
    case .normal: return CellAttributes()
    case .dim: return CellAttributes(dim: true)
    case .title: return CellAttributes(colour: colourEnabled ? .cyan : nil, bold: true, reverse: true)
    case .heading: return CellAttributes(colour: colourEnabled ? .cyan : nil, bold: true)
    case .label: return CellAttributes()
    case .focused: return CellAttributes(colour: colourEnabled ? .yellow : nil, bold: true, underline: !colourEnabled)
    case .selected: return CellAttributes(reverse: true)
    case .good: return CellAttributes(colour: colourEnabled ? .green : nil)
    case .warn: return CellAttributes(colour: colourEnabled ? .yellow : nil, bold: true)
    case .bad: return CellAttributes(colour: colourEnabled ? .red : nil, bold: true, underline: !colourEnabled)
    case .accent: return CellAttributes(colour: colourEnabled ? .blue : nil)
    case .best: return CellAttributes(colour: colourEnabled ? .green : nil, bold: true, reverse: true)
    case .hint: return CellAttributes(reverse: true)
    }
  }
}
