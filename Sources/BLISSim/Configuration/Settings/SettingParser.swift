import Foundation

/// Why an input was refused: what the setting allows (the resolver adds the place and value).
struct SettingRejection: Error {
  var allowed: String
}

/// How one setting's input becomes a typed value, and how a value is shown (help defaults, the
/// run header). The same parser serves flags and `--config` files, so both give the same errors.
public struct SettingParser<Value>: Sendable {
  /// Parses `input`; `baseDirectory` resolves relative paths (the current folder for flags, the
  /// file's folder for a config file).
  let parse: @Sendable (_ input: SettingInput, _ baseDirectory: URL) throws(SettingRejection) -> Value
  /// The value as a user would type it: `1`, `round-robin`, `on`.
  let format: @Sendable (Value) -> String
}

extension SettingParser {
  /// A single scalar: lists are refused (only coefficients take lists).
  static func scalar(_ allowed: String, format: @escaping @Sendable (Value) -> String,
                     _ convert: @escaping @Sendable (String) -> Value?) -> SettingParser {
    SettingParser(parse: { input, _ throws(SettingRejection) in
      guard case .text(let raw) = input else { throw SettingRejection(allowed: "a single value, not a list or mapping") }
      guard let value = convert(raw.trimmingCharacters(in: .whitespaces)) else { throw SettingRejection(allowed: allowed) }
      return value
    }, format: format)
  }
}

extension SettingParser where Value == Int {
  /// A whole number that passes `isValid`.
  static func integer(_ allowed: String, _ isValid: @escaping @Sendable (Int) -> Bool) -> SettingParser {
    .scalar(allowed, format: String.init) { Int($0).flatMap { isValid($0) ? $0 : nil } }
  }

  /// A whole number ≥ 1.
  static var positiveInteger: SettingParser { integer("an integer ≥ 1") { $0 >= 1 } }
}

extension SettingParser where Value == Double {
  /// A finite decimal number that passes `isValid`.
  static func number(_ allowed: String, _ isValid: @escaping @Sendable (Double) -> Bool) -> SettingParser {
    .scalar(allowed, format: SettingParser<Double>.plain) { text in
      Double(text).flatMap { $0.isFinite && isValid($0) ? $0 : nil }
    }
  }

  /// `100` → "100", `0.5` → "0.5".
  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}

extension SettingParser where Value == Bool {
  /// `true`/`false` (also `yes`/`no`, `on`/`off`, `1`/`0`, as YAML spells them).
  static var bool: SettingParser {
    scalar("true or false", format: { $0 ? "on" : "off" }) { text in
      switch text.lowercased() {
      case "true", "yes", "on", "1": return true
      case "false", "no", "off", "0": return false
      default: return nil
      }
    }
  }
}

extension SettingParser where Value == String {
  /// A non-empty name, kept as written.
  static var name: SettingParser { scalar("a non-empty name", format: { $0 }) { $0.isEmpty ? nil : $0 } }
}

extension SettingParser where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
  /// One of the enum's raw values, any case.
  static var choice: SettingParser {
    let names = Value.allCases.map(\.rawValue)
    return .scalar("one of " + names.joined(separator: ", "), format: \.rawValue) { Value(rawValue: $0.lowercased()) }
  }
}

extension SettingParser {
  /// A name from `known` (any case), refused with the known names and close suggestions.
  static func known(_ what: String, _ known: [String], format: @escaping @Sendable (Value) -> String,
                    _ convert: @escaping @Sendable (String) -> Value?) -> SettingParser {
    let suggester = NameSuggester(candidates: known)
    return SettingParser(parse: { input, base throws(SettingRejection) in
      let value = try SettingParser<String>.name.parse(input, base)
      guard let converted = convert(value) else {
        throw SettingRejection(allowed: "a known \(what): \(suggester.knownList())\(suggester.didYouMean(value))")
      }
      return converted
    }, format: format)
  }

  /// The same parser for an optional value; `nil` is shown as `noneText` in help.
  func optional(noneText: String = "none") -> SettingParser<Value?> {
    SettingParser<Value?>(parse: { input, base throws(SettingRejection) in try self.parse(input, base) },
                          format: { $0.map(self.format) ?? noneText })
  }
}

extension SettingParser where Value == [Double] {
  static var coefficientsAllowed: String { "at least 3 comma-separated finite numbers ≥ 0, e.g. 6910.4,17.67,2.84" }

  /// ≥ 3 finite numbers ≥ 0, as `a,b,c` or a YAML list.
  static var coefficients: SettingParser {
    SettingParser(parse: { input, _ throws(SettingRejection) in
      let parts: [String]
      switch input {
      case .text(let text): parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      case .list(let items): parts = items
      }
      let values = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
      guard values.count == parts.count, values.count >= 3, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
        throw SettingRejection(allowed: coefficientsAllowed)
      }
      return values
    }, format: { $0.map(SettingParser<Double>.plain).joined(separator: ",") })
  }
}

extension SettingParser where Value == URL {
  /// A path (`~` expanded, relative to the base folder) to an existing file or folder.
  static func existing(folder: Bool) -> SettingParser {
    SettingParser(parse: { input, base throws(SettingRejection) in
      let raw = try SettingParser<String>.name.parse(input, base)
      let url = SettingPath.resolve(raw, base: base)
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      guard exists, isDirectory.boolValue == folder else {
        let problem = !exists ? "does not exist" : folder ? "is a file" : "is a folder"
        throw SettingRejection(allowed: "an existing \(folder ? "folder" : "file") (\(url.path) \(problem))")
      }
      return url
    }, format: \.path)
  }
}

/// How settings read paths: `~` expanded, relative paths against a base folder.
public enum SettingPath {
  /// `raw` with `~` expanded, against `base` when relative, standardised.
  public static func resolve(_ raw: String, base: URL) -> URL {
    let expanded = (raw as NSString).expandingTildeInPath
    let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : base.appendingPathComponent(expanded)
    return url.standardizedFileURL
  }
}
