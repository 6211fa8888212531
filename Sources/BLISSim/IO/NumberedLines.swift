import Foundation

/// The shared line loop of every line-oriented input (stepbench JSONL, step CSV, `steptime --batches`).
public enum NumberedLines {
  /// The lines of `text` that are not blank after trimming `trimming`, each trimmed and paired with
  /// its 1-based line number in `text` (blank lines still count), so errors can name the line.
  public static func nonBlank(_ text: String, trimming: CharacterSet = .whitespaces) -> [(number: Int, line: String)] {
    var out: [(number: Int, line: String)] = []
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: trimming)
      if !line.isEmpty { out.append((i + 1, line)) }
    }
    return out
  }
}
