import Foundation

/// Failure to write an output or cache file. Each description is one line naming the path.
public enum OutputFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The destination's folder does not exist (or is not a folder).
  case directoryMissing(path: String)
  /// The destination exists and is a folder.
  case destinationIsDirectory(path: String)
  /// A system call failed; `operation` is e.g. "create", "write", "rename", `reason` is strerror.
  case systemCall(operation: String, path: String, reason: String)

  public var description: String {
    switch self {
    case .directoryMissing(let path):
      return "cannot write \(path): its folder does not exist"
    case .destinationIsDirectory(let path):
      return "cannot write \(path): it is a folder, expected a file path"
    case .systemCall(let operation, let path, let reason):
      return "cannot \(operation) \(path): \(reason)"
    }
  }
}
