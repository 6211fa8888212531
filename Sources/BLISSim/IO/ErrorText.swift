/// Values quoted in error messages: an input may hold a 50 MB field, the message must stay one
/// short line.
public enum ErrorText {
  /// Characters of a value shown before it is cut.
  public static let excerptCharacters = 40

  /// `value` with control characters as spaces, cut to `limit` characters with "…" when longer.
  public static func excerpt(_ value: String, limit: Int = excerptCharacters) -> String {
    var out = ""
    for (i, character) in value.enumerated() {
      if i == limit { return out + "…" }
      out.append(character.isNewline || character.unicodeScalars.contains { $0.value < 0x20 } ? " " : character)
    }
    return out
  }

  /// A whole message kept to one line of at most `limit` characters: newlines become spaces, and
  /// an overlong middle is cut ("…"), keeping the start (what failed) and the end (what is allowed).
  public static func oneLine(_ message: String, limit: Int = 1000) -> String {
    let flat = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    guard flat.count > limit else { return flat }
    let head = flat.prefix(limit * 2 / 3), tail = flat.suffix(limit / 3 - 1)
    return head + "…" + tail
  }
}
