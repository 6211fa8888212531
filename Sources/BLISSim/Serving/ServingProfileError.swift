/// A serving profile that cannot be used, or a name/version that matches none. One line each.
public enum ServingProfileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A bad field in the profiles file: `file`, the field path (`profiles.vllm-0.14.host_cpu.step_us`),
  /// the value as written and what is allowed.
  case invalidField(file: String, field: String, value: String, allowed: String)
  case malformed(file: String, reason: String)
  case unknownProfile(name: String, known: [String])
  case unknownVersion(version: String, known: [String])

  public var description: String {
    switch self {
    case .invalidField(let file, let field, let value, let allowed):
      return "\(file): \(field) = \(value) is invalid (allowed: \(allowed))"
    case .malformed(let file, let reason):
      return "\(file): \(reason)"
    case .unknownProfile(let name, let known):
      return "--serving-profile '\(name)' is invalid: expected one of \(known.joined(separator: ", "))"
    case .unknownVersion(let version, let known):
      return "--vllm-version '\(version)' matches no serving profile (profiles: \(known.joined(separator: ", ")))"
    }
  }
}
