import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written incrementally (e.g. `--requests-out` JSONL) that appears at its
/// destination only when `commit()` succeeds. Until then the bytes live in a hidden temporary
/// file (`.<name>.XXXXXX`, created with `mkstemp`) in the same folder; `discard()` — or dropping
/// the object without committing, e.g. when the run throws — deletes it, so a failed run leaves
/// no partial output file.
///
/// Not thread-safe: one owner appends, then commits or discards. Appends are buffered.
public final class StreamingAtomicFile {
  /// Where the file appears on `commit()`.
  public let destination: URL
  /// The hidden temporary file receiving the bytes (exposed for tests and diagnostics).
  public let temporaryURL: URL
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private var finished = false
  private static let flushThresholdBytes = 1 << 16

  /// Creates the temporary file next to `destination`.
  /// - Throws: `OutputFileError` if the folder is missing, the destination is a folder, or the
  ///   file cannot be created.
  public init(destination: URL) throws(OutputFileError) {
    try AtomicFileWriter.checkWritable(destination)
    let folder = destination.deletingLastPathComponent()
    var template = Array(folder.appendingPathComponent(".\(destination.lastPathComponent).XXXXXX").path.utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw .systemCall(operation: "create a temporary file for", path: destination.path,
                        reason: AtomicFileWriter.lastErrorReason())
    }
    self.descriptor = fd
    self.destination = destination
    self.temporaryURL = URL(fileURLWithPath: template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    _ = fchmod(fd, 0o644)
  }

  deinit {
    if !finished { discard() }
  }

  /// Appends bytes (buffered).
  public func append(_ data: Data) throws(OutputFileError) {
    precondition(!finished, "append after commit/discard")
    buffer.append(contentsOf: data)
    if buffer.count >= Self.flushThresholdBytes { try flush() }
  }

  /// Appends the UTF-8 bytes of `line` followed by "\n".
  public func appendLine(_ line: String) throws(OutputFileError) {
    precondition(!finished, "append after commit/discard")
    buffer.append(contentsOf: line.utf8)
    buffer.append(0x0A)
    if buffer.count >= Self.flushThresholdBytes { try flush() }
  }

  /// Flushes, syncs and renames the temporary file onto the destination (replacing any old
  /// file). On failure the temporary file is deleted and the destination is untouched.
  public func commit() throws(OutputFileError) {
    precondition(!finished, "commit after commit/discard")
    do throws(OutputFileError) {
      try flush()
      if fsync(descriptor) != 0 {
        throw OutputFileError.systemCall(operation: "sync", path: temporaryURL.path,
                                         reason: AtomicFileWriter.lastErrorReason())
      }
      _ = close(descriptor)
      descriptor = -1
      if rename(temporaryURL.path, destination.path) != 0 {
        throw OutputFileError.systemCall(operation: "rename a temporary file onto", path: destination.path,
                                         reason: AtomicFileWriter.lastErrorReason())
      }
      finished = true
    } catch {
      discard()
      throw error
    }
  }

  /// Deletes the temporary file; the destination is untouched. Safe to call more than once.
  public func discard() {
    if descriptor >= 0 { _ = close(descriptor); descriptor = -1 }
    if !finished { _ = unlink(temporaryURL.path) }
    finished = true
    buffer.removeAll()
  }

  private func flush() throws(OutputFileError) {
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeBytes { raw in
        posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw .systemCall(operation: "write", path: temporaryURL.path, reason: AtomicFileWriter.lastErrorReason())
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// `write(2)`, named so it does not clash with the methods above.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
  return Glibc.write(fd, bytes, count)
  #else
  return Darwin.write(fd, bytes, count)
  #endif
}
