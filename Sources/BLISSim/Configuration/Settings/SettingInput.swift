/// A setting's value as a flag or a config file gave it, before it is parsed: the text typed
/// after the flag or a YAML scalar, or a YAML list of scalars (coefficients).
public enum SettingInput: Sendable, Equatable, CustomStringConvertible {
  case text(String)
  case list([String])

  /// The value as the user wrote it, for error messages: `100`, `1,2,3`.
  public var description: String {
    switch self {
    case .text(let text): return text
    case .list(let items): return items.joined(separator: ",")
    }
  }
}
