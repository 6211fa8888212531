/// One value of a setting, as a flag or a config file gave it (before validation).
public enum RunOptionValue: Sendable, Equatable, CustomStringConvertible {
  case string(String)
  case integer(Int)
  case number(Double)
  case bool(Bool)
  case numbers([Double])

  /// The value as the user would write it, for error messages.
  public var description: String {
    switch self {
    case .string(let text): return text
    case .integer(let value): return String(value)
    case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    case .bool(let value): return String(value)
    case .numbers(let values): return values.map { RunOptionValue.number($0).description }.joined(separator: ",")
    }
  }
}

/// The settings one source gave explicitly: the command line or a `--config` file. A key is
/// present only when the source set it — that is what "explicit flag beats file" is decided on.
public struct RunOptionLayer: Sendable, Equatable {
  public enum Origin: Sendable, Equatable {
    case flags
    /// A config file; relative paths inside it are resolved against its folder.
    case file(path: String)
  }

  public let origin: Origin
  public private(set) var values: [RunOptionKey: RunOptionValue] = [:]
  /// 1-based line of each key in a config file.
  public private(set) var lines: [RunOptionKey: Int] = [:]

  public init(origin: Origin) { self.origin = origin }

  public subscript(key: RunOptionKey) -> RunOptionValue? { values[key] }

  /// Sets `key`; a `nil` value leaves it unset (convenient for optional flags).
  public mutating func set(_ key: RunOptionKey, _ value: RunOptionValue?, line: Int? = nil) {
    guard let value else { return }
    values[key] = value
    if let line { lines[key] = line }
  }

  /// How a message names where `key` came from: `--rate`, or `rate (run.yaml:3)`.
  public func placeName(_ key: RunOptionKey) -> String {
    switch origin {
    case .flags: return key.flag
    case .file(let path):
      let line = lines[key].map { ":\($0)" } ?? ""
      return "\(key.snakeName) (\(path)\(line))"
    }
  }
}
