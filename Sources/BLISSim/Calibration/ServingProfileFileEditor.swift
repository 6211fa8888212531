import Foundation

/// Inserts or replaces one profile of `serving_profiles.yaml` **textually**, so every other line
/// (comments, the other profiles, their formatting) stays byte-for-byte.
///
/// The `profiles:` key must be a top-level block mapping (as the shipped file has it). An entry
/// runs from its `name:` line to the line before the next entry or top-level key; comment and blank
/// lines just before the next entry belong to that entry. A new profile goes after the last entry.
public enum ServingProfileFileEditor {
  public enum Placement: Sendable, Equatable {
    /// Replaced the entry that started at this 1-based line.
    case replaced(line: Int)
    /// Inserted a new entry starting at this 1-based line.
    case inserted(line: Int)
  }

  /// `text` with `entry` (lines from `ServingProfile.yamlEntry`) as the profile `name`.
  public static func upsert(_ entry: [String], named name: String, into text: String,
                            source: String) throws(ServingProfileError) -> (text: String, placement: Placement) {
    var lines = text.isEmpty ? [] : text.components(separatedBy: "\n")
    let endsWithNewline = text.isEmpty || text.hasSuffix("\n")
    if endsWithNewline, !lines.isEmpty { lines.removeLast() }
    guard let header = lines.firstIndex(where: { $0.hasPrefix("profiles:") }) else {
      let prefix = lines.isEmpty ? [] : lines + [""]
      let out = prefix + ["profiles:"] + entry
      return (out.joined(separator: "\n") + "\n", .inserted(line: prefix.count + 2))
    }
    let rest = lines[header].dropFirst("profiles:".count).trimmingCharacters(in: .whitespaces)
    guard rest.isEmpty || rest.hasPrefix("#") else {
      throw .malformed(file: source, reason: "line \(header + 1): `profiles:` must be a block mapping (one profile per indented key) to add a profile")
    }
    // The section: lines after the header up to the next top-level key.
    var end = header + 1
    while end < lines.count, !isTopLevelKey(lines[end]) { end += 1 }
    let keyLines = (header + 1..<end).filter { isKey(lines[$0]) }
    let entryIndent = keyLines.first.map { indentation(lines[$0]) } ?? "  "
    let entries = keyLines.filter { indentation(lines[$0]) == entryIndent }
    let indented = entry.map { entryIndent == "  " ? $0 : entryIndent + $0.dropFirst(2) }
    // Where an entry stops: before the next entry's leading comments and blank lines.
    func blockEnd(after start: Int) -> Int {
      var stop = entries.first { $0 > start } ?? end
      while stop - 1 > start, isBlankOrComment(lines[stop - 1]) { stop -= 1 }
      return stop
    }
    if let start = entries.first(where: { key(lines[$0]) == name }) {
      lines.replaceSubrange(start..<blockEnd(after: start), with: indented)
      return (lines.joined(separator: "\n") + (endsWithNewline ? "\n" : ""), .replaced(line: start + 1))
    }
    let insertAt = entries.last.map { blockEnd(after: $0) } ?? header + 1
    let block = (entries.isEmpty ? [] : [""]) + indented
    lines.insert(contentsOf: block, at: insertAt)
    return (lines.joined(separator: "\n") + "\n", .inserted(line: insertAt + block.count - indented.count + 1))
  }

  /// A profile name that needs no quoting as a YAML key.
  public static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
    } && name.first != "-"
  }

  private static func indentation(_ line: String) -> String { String(line.prefix { $0 == " " }) }
  private static func isBlankOrComment(_ line: String) -> Bool {
    let t = line.trimmingCharacters(in: .whitespaces)
    return t.isEmpty || t.hasPrefix("#")
  }
  private static func isKey(_ line: String) -> Bool { !isBlankOrComment(line) && line.contains(":") }
  private static func isTopLevelKey(_ line: String) -> Bool { isKey(line) && !line.hasPrefix(" ") }
  private static func key(_ line: String) -> String {
    String(line.trimmingCharacters(in: .whitespaces).prefix { $0 != ":" }).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
  }
}
