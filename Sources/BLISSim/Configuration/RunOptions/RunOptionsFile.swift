import Foundation
import Yams

/// Reads a `--config` file: a YAML (or JSON — JSON is YAML) mapping whose keys are the long flag
/// names in kebab-case or snake_case (`max_num_seqs`, `max-num-running-reqs`, …). Unknown and
/// duplicate keys are errors naming the file and line; values must have the setting's type
/// (numbers unquoted; coefficients as a list or a comma string).
public enum RunOptionsFile {
  /// Loads and parses the file at `url`.
  public static func load(_ url: URL) throws(RunOptionsError) -> RunOptionLayer {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw .invalidValue(place: "--config", value: url.path,
                          allowed: "an existing YAML or JSON file (\(isDirectory.boolValue ? "it is a folder" : "it does not exist"))")
    }
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw .configFileUnreadable(file: url.path, reason: "not readable as UTF-8 text")
    }
    return try parse(text, path: url.path)
  }

  /// Parses `text`; `path` is used in messages and as the layer's origin.
  public static func parse(_ text: String, path: String) throws(RunOptionsError) -> RunOptionLayer {
    var layer = RunOptionLayer(origin: .file(path: path))
    let root: Node?
    do { root = try YAMLDocument.compose(text) } catch {
      if case .duplicateKey(let key, let line, _) = error { throw .duplicateConfigKey(file: path, line: line, key: key) }
      throw .configFileMalformed(file: path, reason: error.description)
    }
    guard let root else { return layer }  // empty file: no settings
    guard let mapping = root.mapping else {
      throw .configFileMalformed(file: path, reason: "the top level must be a mapping of setting names to values")
    }
    let suggester = NameSuggester(candidates: RunOptionKey.allCases.map(\.snakeName))
    for (keyNode, valueNode) in mapping {
      let name = keyNode.string ?? ""
      let line = keyNode.mark?.line
      guard let key = RunOptionKey(configName: name) else {
        let hint = name.lowercased() == "config" ? " (a config file cannot include another)" : suggester.didYouMean(name.replacingOccurrences(of: "-", with: "_"))
        throw .unknownConfigKey(file: path, line: line, key: name, hint: hint)
      }
      guard layer[key] == nil else { throw .duplicateConfigKey(file: path, line: line, key: name) }
      let place = "\(key.snakeName) (\(path)\(line.map { ":\($0)" } ?? ""))"
      layer.set(key, try value(of: valueNode, for: key, place: place), line: line)
    }
    return layer
  }

  private static func value(of node: Node, for key: RunOptionKey, place: String) throws(RunOptionsError) -> RunOptionValue {
    let shown = node.scalar?.string ?? (node.sequence != nil ? "[…]" : "{…}")
    func bad(_ allowed: String) -> RunOptionsError { .invalidValue(place: place, value: shown, allowed: allowed) }
    if node.null != nil { throw bad("a value (the key is present but empty)") }
    switch key.kind {
    case .integer:
      guard node.scalar != nil, let value = node.int else { throw bad("an integer") }
      return .integer(value)
    case .number:
      guard node.scalar != nil, let value = node.float ?? node.int.map(Double.init) else { throw bad("a number") }
      return .number(value)
    case .bool:
      guard node.scalar != nil, let value = node.bool else { throw bad("true or false") }
      return .bool(value)
    case .coefficients:
      if let items = node.sequence {
        var numbers: [Double] = []
        for item in items {
          guard item.scalar != nil, let number = item.float ?? item.int.map(Double.init) else {
            throw bad("a list of numbers or a comma-separated string")
          }
          numbers.append(number)
        }
        return .numbers(numbers)
      }
      guard let text = node.scalar?.string else { throw bad("a list of numbers or a comma-separated string") }
      return .string(text)
    case .string, .choice, .inputFile, .inputFolder, .outputFile:
      guard let text = node.scalar?.string else { throw bad("a single value, not a list or mapping") }
      return .string(text)
    }
  }
}
