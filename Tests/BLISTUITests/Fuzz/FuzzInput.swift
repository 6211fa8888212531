import BLISSim
import Foundation

/// Seeded generation of hostile inputs for the fuzz suites: numbers at and past every limit,
/// strange strings, and mutations of valid documents (replaced numbers and words, inserted
/// structure, deleted spans, duplicated lines, deep nesting, BOMs, CRLFs, unicode, huge fields).
///
/// Reproducible: the base seed is `BLIS_FUZZ_SEED` (default 13), each case derives its own
/// generator from (base, suite, index), and a failure message names all three and the input.
/// `BLIS_FUZZ_SCALE` multiplies the case counts (default 1, sized for < 60 s in a debug build).
struct FuzzRandom {
  private var generator: SeededGenerator

  static var baseSeed: UInt64 { UInt64(ProcessInfo.processInfo.environment["BLIS_FUZZ_SEED"] ?? "") ?? 13 }
  static var scale: Double { Double(ProcessInfo.processInfo.environment["BLIS_FUZZ_SCALE"] ?? "") ?? 1 }
  static func cases(_ base: Int) -> Int { max(1, Int(Double(base) * scale)) }

  init(suite: String, index: Int) {
    generator = SeededGenerator(seed: StableHash.combine(StableHash.combine(Self.baseSeed, StableHash.fnv1a64(suite)), UInt64(index)))
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int { generator.nextInt(in: range) }
  mutating func chance(_ p: Double) -> Bool { generator.nextUnit() < p }
  mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

  // MARK: - Hostile values

  /// Numbers at, just past and far past every limit the program has, and strings that are not numbers.
  static let numbers = [
    "0", "-0", "1", "-1", "2", "3", "7", "16", "64", "65", "100", "4096", "4097", "65536", "65537",
    "0.5", "0.9", "1.5", "1e-6", "1e-7", "1e-11", "1e-12", "1e-300", "5e-324", "1e6", "1e9", "1e10", "1.1e10",
    "9e12", "9.3e12", "1e15", "1e17", "1e300", "1e308", "-1e308", "1.8e308", "1e400",
    "100000000", "100000001", "1000000000", "1000000001", "2147483647", "2147483648",
    "4611686018427387904", "9223372036854775806", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "18446744073709551616", "nan", "NaN", "-nan", "inf", "-inf", "infinity", ".inf", ".nan",
    "0x10", "1_000", "1e", "--1", "+5", "1,5", "١٢", "１２", "true", "null", "~", "",
  ]

  /// Strings a name, id or path field should refuse or survive.
  static let strings = [
    "", " ", "x", "H100", "h100", "meta-llama/llama-3.1-8b-instruct", "evil/llama-3.1-8b-instruct", "a/b/c",
    "../etc/passwd", "/etc/passwd", "~/x", "a\\b", "-", "--", "--model", "é", "🙂", "\u{202E}abc", "Ω≈ç",
    "\u{FEFF}x", "a\tb", "line1\nline2", "'", "\"", "{", "[", "*a", "&a", "!!binary", "%YAML 1.2", "#",
    String(repeating: "z", count: 5000),
  ]

  /// Paths an input or output flag may be given.
  static func paths(in folder: URL) -> [String] {
    ["/dev/null", "/dev/full", "/no/such/folder/x", folder.path, folder.appendingPathComponent("missing.yaml").path,
     "/proc/self/status", "", "-", folder.appendingPathComponent("a\nb").path]
  }

  mutating func number() -> String { pick(Self.numbers) }
  mutating func string() -> String { pick(Self.strings) }

  // MARK: - Documents

  /// A random document of YAML/JSON/CSV-ish tokens.
  mutating func randomDocument() -> String {
    let tokens = ["a", "rate", "stages", "prompt_tokens", "dist", "value", ":", ": ", "- ", "-", "[", "]", "{", "}",
                  ",", "\n", "\n  ", "\n    ", "'", "\"", "#", "&x ", "*x", "!!str ", "? ", "|", ">", "\t", "\u{FEFF}",
                  "\r\n", "\u{0}", "🙂"] + Self.numbers
    return (0..<int(0...60)).map { _ in pick(tokens) }.joined()
  }

  /// `document` with 1–4 random mutations.
  mutating func mutate(_ document: String) -> String {
    var text = document
    for _ in 0..<int(1...4) { text = mutateOnce(text) }
    return text
  }

  private mutating func mutateOnce(_ text: String) -> String {
    var scalars = Array(text.unicodeScalars)
    let position = { (r: inout FuzzRandom) in r.int(0...max(0, scalars.count)) }
    switch int(0...12) {
    case 0, 1, 2: return replacingToken(text, numeric: true)
    case 3: return replacingToken(text, numeric: false)
    case 4:
      let structural: [Unicode.Scalar] = ["[", "]", "{", "}", ":", ",", "-", "#", "'", "\"", "\n", "\t", "&", "*", "!", "|", ">", "%", "@", "?"]
      scalars.insert(pick(structural), at: position(&self))
    case 5:
      guard !scalars.isEmpty else { return text }
      let start = int(0...scalars.count - 1)
      scalars.removeSubrange(start..<min(scalars.count, start + int(1...20)))
    case 6:
      var lines = text.components(separatedBy: "\n")
      let i = int(0...lines.count - 1)
      lines.insert(lines[i], at: i)
      return lines.joined(separator: "\n")
    case 7:
      let depth = pick([3, 40, 70, 5000])
      let at = position(&self)
      let open = String(repeating: pick(["[", "{\"k\":", "- "]), count: depth)
      return String(String.UnicodeScalarView(scalars[..<at])) + open + "1" + String(String.UnicodeScalarView(scalars[at...]))
    case 8: return "\u{FEFF}" + text
    case 9: return text.replacingOccurrences(of: "\n", with: "\r\n")
    case 10:
      let unicode: [Unicode.Scalar] = ["é", "🙂", "\u{0}", "\u{FEFF}", "\u{202E}", "Ω", "\u{2028}", "\u{85}", "\u{7F}"]
      scalars.insert(pick(unicode), at: position(&self))
    case 11: return String(String.UnicodeScalarView(scalars.prefix(position(&self))))
    default:
      let huge = String(repeating: pick(["9", "a", " ", "["]), count: pick([1000, 100_000]))
      let at = position(&self)
      return String(String.UnicodeScalarView(scalars[..<at])) + huge + String(String.UnicodeScalarView(scalars[at...]))
    }
    return String(String.UnicodeScalarView(scalars))
  }

  /// Replaces one number (or word) token of `text` with a hostile value.
  private mutating func replacingToken(_ text: String, numeric: Bool) -> String {
    let pattern = numeric ? "-?[0-9][0-9.eE+-]*" : "[A-Za-z_][A-Za-z0-9_./-]*"
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
    let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
    guard !matches.isEmpty, let range = Range(pick(matches).range, in: text) else { return text }
    return text.replacingCharacters(in: range, with: numeric ? number() : string())
  }
}
