import Foundation

/// Streams `--requests-out` JSONL: one `RequestOutLine` per line into a hidden temporary file
/// that becomes the destination only on `commit()`. If the run fails (or the writer is dropped
/// uncommitted) nothing appears and an earlier file at the destination is left as it was.
public final class RequestsOutWriter {
  private let file: StreamingAtomicFile
  /// Lines appended so far.
  public private(set) var linesWritten = 0

  public var destination: URL { file.destination }

  /// Creates the temporary file; fails at once if the destination's folder is missing.
  public init(destination: URL) throws(OutputFileError) {
    file = try StreamingAtomicFile(destination: destination)
  }

  public func append(_ line: RequestOutLine) throws(OutputFileError) {
    try file.appendLine(line.jsonLine)
    linesWritten += 1
  }

  /// Publishes the file at the destination.
  public func commit() throws(OutputFileError) { try file.commit() }

  /// Drops everything written.
  public func discard() { file.discard() }
}
