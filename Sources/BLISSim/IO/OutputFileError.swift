import Foundation

/// Failure to write an output or cache file. Each description is one line naming the path the
/// user gave (never a hidden temporary file).
public enum OutputFileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The destination's folder does not exist (or is not a folder).
  case directoryMissing(path: String)
  /// The destination exists and is a folder.
  case destinationIsDirectory(path: String)
  /// The destination is something a report cannot be written to (a block device, a socket).
  case unsupportedDestination(path: String, kind: String)
  /// A system call failed; `operation` is e.g. "write", `reason` is strerror.
  case systemCall(operation: String, path: String, reason: String)

  public var description: String {
    switch self {
    case .directoryMissing(let path):
      return "cannot write \(path): its folder does not exist"
    case .destinationIsDirectory(let path):
      return "cannot write \(path): it is a folder, expected a file path"
    case .unsupportedDestination(let path, let kind):
      return "cannot write \(path): it is \(kind), expected a file path"
    case .systemCall(let operation, let path, let reason):
      return "cannot \(operation) \(path): \(reason)"
    }
  }

  /// A wrong path (a folder, a missing folder, a device) is the user's to fix (usage, exit 2); a
  /// failing write (disk full, permission denied, I/O error) is a runtime failure (exit 1).
  public var isUsageError: Bool {
    if case .systemCall = self { return false }
    return true
  }
}
