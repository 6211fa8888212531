import Yams

/// The one way input YAML (and JSON, which is YAML) is parsed: size, nesting and alias limits
/// first (`DocumentLimits`), then Yams, then a check that no mapping sets a key twice (YAML says
/// keys are unique; Yams keeps both and a later lookup would silently take one).
enum YAMLDocument {
  /// The document's root node, or nil for an empty document. `rejectingDuplicateKeys: false` is for
  /// readers that check duplicates themselves (naming the full field path).
  static func compose(_ text: String, rejectingDuplicateKeys: Bool = true) throws(YAMLDocumentError) -> Node? {
    do { try DocumentLimits.check(text) } catch { throw .limit(error) }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw .syntax(ErrorText.oneLine(String(describing: error), limit: 300))
    }
    if let root, rejectingDuplicateKeys { try checkUniqueKeys(root) }
    return root
  }

  /// Rejects the first mapping key that appears twice in the same mapping (depth-first).
  private static func checkUniqueKeys(_ node: Node) throws(YAMLDocumentError) {
    if let mapping = node.mapping {
      var firstLines: [String: Int] = [:]
      for (key, value) in mapping {
        if let name = key.scalar?.string {
          let line = key.mark?.line ?? 0
          if let first = firstLines[name] { throw .duplicateKey(key: name, line: line, firstLine: first) }
          firstLines[name] = line
        }
        try checkUniqueKeys(value)
      }
    } else if let sequence = node.sequence {
      for item in sequence { try checkUniqueKeys(item) }
    }
  }
}

/// Why a YAML document was refused. One line; callers prefix the file or field.
enum YAMLDocumentError: Error, Equatable, CustomStringConvertible {
  case limit(DocumentLimitError)
  case syntax(String)
  case duplicateKey(key: String, line: Int, firstLine: Int)

  var description: String {
    switch self {
    case .limit(let error): return error.description
    case .syntax(let message): return message
    case .duplicateKey(let key, let line, let first):
      return "line \(line): key '\(ErrorText.excerpt(key))' is set twice (first on line \(first))"
    }
  }
}
