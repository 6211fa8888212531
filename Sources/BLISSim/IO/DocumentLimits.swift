/// Size and nesting limits checked before a YAML or JSON document reaches a parser.
///
/// The parsers recurse once per nesting level, so a 10 KB file of `[[[[…` can overflow the stack
/// (a crash, not an error); anchors and aliases can make a small file expand into a huge tree. A
/// configuration needs a handful of levels, so anything deeper than `maxDepth` (or larger than
/// `maxBytes`, or with more than `maxAliases` aliases) is refused with a one-line error before
/// parsing.
///
/// The depth is over-estimated, never under-estimated, by one pass over the bytes: flow brackets
/// (`[`, `{`) outside comments, plus the block structure of each line (open indentation levels
/// and compact `- `/`? `/`: ` indicators), all counted whatever the scanner believes about
/// quoting. Quotes are tracked only so that a closing bracket inside a string cannot lower the
/// depth below where the string started, and so that `#` inside a string is not a comment — so no
/// quoting trick can hide real nesting (a mistake can only over-count).
public enum DocumentLimits {
  /// Deepest nesting accepted (configurations use fewer than 10 levels).
  public static let maxDepth = 64
  /// Largest document accepted, bytes (16 MiB).
  public static let maxBytes = 16 << 20
  /// Most YAML aliases (`*name`) accepted.
  public static let maxAliases = 1000

  /// Throws when `bytes` is larger, deeper or more aliased than allowed.
  public static func check<Bytes: Collection>(_ bytes: Bytes) throws(DocumentLimitError) where Bytes.Element == UInt8 {
    if bytes.count > maxBytes { throw .tooLarge(bytes: bytes.count, limit: maxBytes) }
    var scanner = NestingScanner()
    for byte in bytes { try scanner.consume(byte) }
    try scanner.endLine()
  }

  /// `check` for text.
  public static func check(_ text: String) throws(DocumentLimitError) {
    try check(text.utf8)
  }
}

/// Why a document was refused before parsing. One line.
public enum DocumentLimitError: Error, Equatable, Sendable, CustomStringConvertible {
  case tooLarge(bytes: Int, limit: Int)
  case tooDeep(line: Int, limit: Int)
  case tooManyAliases(limit: Int)

  public var description: String {
    switch self {
    case .tooLarge(let bytes, let limit): return "it is \(bytes) bytes; at most \(limit) bytes are accepted"
    case .tooDeep(let line, let limit): return "line \(line) nests deeper than \(limit) levels"
    case .tooManyAliases(let limit): return "it uses more than \(limit) YAML aliases"
    }
  }
}

/// The byte-by-byte depth estimate of `DocumentLimits`.
private struct NestingScanner {
  private var line = 1
  private var flowDepth = 0
  /// Indentations of the open block levels.
  private var indents: [Int] = []
  private var atLineStart = true
  private var indent = 0
  /// Compact block indicators (`- `, `? `, `: `) seen on this line.
  private var lineIndicators = 0
  private var lineHasContent = false
  private var quote: UInt8?
  /// `flowDepth` when the current quoted string began: closing brackets in it cannot go lower.
  private var quoteFloor = 0
  private var escaped = false
  private var inComment = false
  private var previous: UInt8 = 0x0A
  private var pendingIndicator: UInt8?
  private var aliases = 0
  /// The byte before `previous`, to recognise the three-byte line breaks.
  private var beforePrevious: UInt8 = 0

  /// Whether `byte` ends a line break as YAML (libyaml) sees it: LF, CR, and the Unicode breaks
  /// NEL (C2 85), LS (E2 80 A8) and PS (E2 80 A9) — a comment or a scalar ends at each of them.
  private func endsLineBreak(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x0A, 0x0D: return true
    case 0x85: return previous == 0xC2
    case 0xA8, 0xA9: return previous == 0x80 && beforePrevious == 0xE2
    default: return false
    }
  }

  mutating func consume(_ byte: UInt8) throws(DocumentLimitError) {
    defer { beforePrevious = previous; previous = byte }
    if byte == 0x0A && previous == 0x0D { return }  // CRLF is one break
    if endsLineBreak(byte) {
      try endLine()
      line += 1
      atLineStart = true
      indent = 0
      lineIndicators = 0
      lineHasContent = false
      inComment = false
      return
    }
    if inComment { return }
    if atLineStart {
      if byte == 0x20 { indent += 1; return }
      atLineStart = false
    }
    if byte >= 0x80 { return }  // inside a multi-byte character: no structure
    if pendingIndicator != nil {
      pendingIndicator = nil
      if byte == 0x20 || byte == 0x09 { lineIndicators += 1 }
    }
    switch byte {
    case UInt8(ascii: "\"") where quote == UInt8(ascii: "\""):
      if escaped { escaped = false } else { quote = nil }
    case UInt8(ascii: "\\") where quote == UInt8(ascii: "\""):
      escaped.toggle()
    case UInt8(ascii: "'") where quote == UInt8(ascii: "'"):
      quote = nil
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      escaped = false
      if quote == nil && startsToken { quote = byte; quoteFloor = flowDepth }
    case UInt8(ascii: "#") where quote == nil && (previous == 0x20 || previous == 0x09 || !lineHasContent):
      inComment = true
      return
    case UInt8(ascii: "["), UInt8(ascii: "{"):
      escaped = false
      flowDepth += 1
      try checkDepth()
    case UInt8(ascii: "]"), UInt8(ascii: "}"):
      escaped = false
      flowDepth = max(quote == nil ? 0 : quoteFloor, flowDepth - 1)
    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
      escaped = false
      pendingIndicator = byte
    case UInt8(ascii: "*"):
      escaped = false
      if quote == nil && startsToken {
        aliases += 1
        if aliases > DocumentLimits.maxAliases { throw .tooManyAliases(limit: DocumentLimits.maxAliases) }
      }
    default:
      escaped = false
    }
    if byte != 0x20 && byte != 0x09 && byte != 0x0D && !lineHasContent {
      lineHasContent = true
      while let top = indents.last, top >= indent { indents.removeLast() }
      indents.append(indent)
    }
  }

  /// A quote or alias only starts a token after a separator (so `don't` is not a quote).
  private var startsToken: Bool {
    [0x20, 0x09, 0x0A, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"),
     UInt8(ascii: "-"), UInt8(ascii: "?")].contains(previous)
  }

  mutating func endLine() throws(DocumentLimitError) {
    if pendingIndicator != nil { lineIndicators += 1 }
    pendingIndicator = nil
    try checkDepth()
  }

  private func checkDepth() throws(DocumentLimitError) {
    if indents.count + lineIndicators + flowDepth > DocumentLimits.maxDepth {
      throw .tooDeep(line: line, limit: DocumentLimits.maxDepth)
    }
  }
}
