/// A bad run setting. Each description is one line naming the flag (or config key and file),
/// the value, and what is allowed. All cases are usage errors (exit code 2 in the CLI), except
/// `configFileUnreadable` when the file exists but cannot be read.
public enum SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `place` is `--rate` or `rate (run.yaml:3)`.
  case invalidValue(place: String, value: String, allowed: String)
  case missingRequired(flag: String, hint: String)
  /// Two settings that cannot be used together (or disagree); `message` names both.
  case conflict(message: String)
  case unknownConfigKey(file: String, line: Int?, key: String, hint: String)
  case duplicateConfigKey(file: String, line: Int?, key: String)
  case configFileMalformed(file: String, reason: String)
  case configFileUnreadable(file: String, reason: String)

  public var description: String {
    switch self {
    case .invalidValue(let place, let value, let allowed):
      return "\(place) '\(value)' is invalid: expected \(allowed)"
    case .missingRequired(let flag, let hint):
      return "\(flag) is required\(hint)"
    case .conflict(let message):
      return message
    case .unknownConfigKey(let file, let line, let key, let hint):
      return "\(file)\(line.map { ":\($0)" } ?? ""): unknown key '\(key)'\(hint)"
    case .duplicateConfigKey(let file, let line, let key):
      return "\(file)\(line.map { ":\($0)" } ?? ""): '\(key)' is set twice (aliases count as the same key)"
    case .configFileMalformed(let file, let reason):
      return "--config \(file) is not valid YAML or JSON: \(reason)"
    case .configFileUnreadable(let file, let reason):
      return "--config \(file) cannot be read: \(reason)"
    }
  }

  /// True for mistakes in what the user typed or wrote (exit 2); false for I/O failures (exit 1).
  public var isUsageError: Bool {
    if case .configFileUnreadable = self { return false }
    return true
  }
}
