/// A vLLM benchmark result file that cannot be used. One line: the file, then the place (line for
/// malformed JSON, field otherwise), the value and what is allowed.
public struct BenchmarkResultError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) { self.file = file; self.message = message }

  public var description: String { "\(file): \(message)" }

  static func field(_ file: String, _ field: String, _ value: String, allowed: String) -> BenchmarkResultError {
    BenchmarkResultError(file: file, message: "field \(field) = \(value) is invalid (allowed: \(allowed))")
  }

  static func missing(_ file: String, _ field: String, hint: String) -> BenchmarkResultError {
    BenchmarkResultError(file: file, message: "missing field \(field): \(hint)")
  }
}
