import Foundation
import Yams

/// Reads a `--config` file: a YAML (or JSON — JSON is YAML) mapping whose keys are the long flag
/// names in kebab-case or snake_case (`max_num_seqs`, `max-num-running-reqs`, …). Unknown and
/// duplicate keys are errors naming the file and line; values are checked when the settings are
/// resolved, by the same parsers as flags.
public enum SettingsFile {
  /// Loads and parses the file at `url`. `additionalKeys` are accepted besides the settings (the
  /// CLI's output options) and returned in `SettingsLayer.additional`.
  public static func load(_ url: URL, additionalKeys: [String] = []) throws(SettingsError) -> SettingsLayer {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw .invalidValue(place: "--config", value: url.path, allowed: "an existing YAML or JSON file")
    }
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw .configFileUnreadable(file: url.path, reason: "not readable as UTF-8 text")
    }
    return try parse(text, path: url.path, additionalKeys: additionalKeys)
  }

  /// Parses `text`; `path` is used in messages and as the layer's origin.
  public static func parse(_ text: String, path: String, additionalKeys: [String] = []) throws(SettingsError) -> SettingsLayer {
    var layer = SettingsLayer(origin: .file(path: path))
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw .configFileMalformed(file: path, reason: String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " "))
    }
    guard let root else { return layer }  // empty file: no settings
    guard let mapping = root.mapping else {
      throw .configFileMalformed(file: path, reason: "the top level must be a mapping of setting names to values")
    }
    let known = SettingsCatalog.all.flatMap { [$0.name] + $0.aliases + ($0.shorthand.map { [$0] } ?? []) } + additionalKeys
    let suggester = NameSuggester(candidates: known.map { $0.replacingOccurrences(of: "-", with: "_") })
    var seen: Set<String> = []
    for (keyNode, valueNode) in mapping {
      let name = keyNode.string ?? ""
      let line = keyNode.mark?.line
      let canonical = canonicalName(name, additionalKeys: additionalKeys)
      guard let canonical else {
        let hint = name.lowercased() == "config" ? " (a config file cannot include another)"
          : suggester.didYouMean(name.replacingOccurrences(of: "-", with: "_"))
        throw .unknownConfigKey(file: path, line: line, key: name, hint: hint)
      }
      guard seen.insert(canonical).inserted else { throw .duplicateConfigKey(file: path, line: line, key: name) }
      let place = "\(name) (\(path)\(line.map { ":\($0)" } ?? ""))"
      let input = try input(of: valueNode, place: place)
      if additionalKeys.contains(canonical) {
        layer.setAdditional(canonical, SettingsLayer.Entry(input: input, line: line))
      } else if let shorthand = SettingsCatalog.setting(named: name)?.shorthand, normalize(name) == shorthand {
        // `roofline: true` stands for `latency_model: roofline`; `roofline: false` sets nothing.
        guard case .text(let flag) = input, let on = Bool(flag.lowercased()) else {
          throw .invalidValue(place: place, value: input.description, allowed: "true or false")
        }
        if on { layer.set(name, input, line: line) }
      } else {
        layer.set(name, input, line: line)
      }
    }
    return layer
  }

  /// The canonical name of a key (a setting, an alias, a shorthand or an additional key); the
  /// shorthand counts as its setting for duplicate checks.
  private static func canonicalName(_ key: String, additionalKeys: [String]) -> String? {
    let name = normalize(key)
    if additionalKeys.contains(name) { return name }
    return SettingsCatalog.setting(named: name)?.name
  }

  private static func normalize(_ key: String) -> String {
    var name = key.lowercased().replacingOccurrences(of: "_", with: "-")
    while name.hasPrefix("-") { name.removeFirst() }
    return name
  }

  private static func input(of node: Node, place: String) throws(SettingsError) -> SettingInput {
    if node.null != nil { throw .invalidValue(place: place, value: "", allowed: "a value (the key is present but empty)") }
    if let scalar = node.scalar { return .text(scalar.string) }
    if let items = node.sequence {
      var texts: [String] = []
      for item in items {
        guard let scalar = item.scalar else { throw .invalidValue(place: place, value: "[…]", allowed: "a list of single values") }
        texts.append(scalar.string)
      }
      return .list(texts)
    }
    throw .invalidValue(place: place, value: "{…}", allowed: "a single value, not a mapping")
  }
}
