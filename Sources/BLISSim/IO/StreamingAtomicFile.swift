import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written incrementally (e.g. `--requests-out` JSONL) that appears at its
/// destination only when `commit()` succeeds.
///
/// How the destination is written depends on what is there (`OutputDestination`): a new or
/// regular file (or a symlink to one) is written to a hidden temporary file `.<name>.XXXXXX` in the
/// same folder and renamed over it on `commit()`, keeping the old file's permission bits; a device
/// or FIFO (`/dev/null`, a named pipe) is opened and written directly, never replaced. Until the
/// commit the temporary file is registered with `TemporaryFileRegistry`, so a signal removes it;
/// `discard()` — or dropping the object uncommitted, e.g. when the run throws — deletes it. Every
/// error names the user's path, never the temporary one.
///
/// Not thread-safe: one owner appends, then commits or discards. Appends are buffered.
public final class StreamingAtomicFile {
  /// Where the file appears on `commit()`, as the user gave it.
  public let destination: URL
  /// The hidden temporary file receiving the bytes; nil when writing through a device or FIFO.
  public let temporaryURL: URL?
  private let finalPath: String
  private var descriptor: Int32
  private var registration: TemporaryFileRegistry.Token?
  private var buffer: [UInt8] = []
  private var finished = false
  /// The first write error; every later append or commit reports it again.
  private var failure: OutputFileError?
  private static let flushThresholdBytes = 1 << 16

  /// Opens the output: creates the temporary file next to `destination` (or opens a device/FIFO).
  /// - Throws: `OutputFileError` if the folder is missing, the destination is a folder, a block
  ///   device or a socket, or it cannot be written.
  public init(destination: URL) throws(OutputFileError) {
    self.destination = destination
    switch try OutputDestination.inspect(destination) {
    case .writeThrough:
      let fd = open(destination.path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
      guard fd >= 0 else { throw Self.failure("write", destination, errno) }
      descriptor = fd
      finalPath = destination.path
      temporaryURL = nil
    case .replace(let path, let mode, let owner):
      let folder = (path as NSString).deletingLastPathComponent
      let name = (path as NSString).lastPathComponent
      var template = Array(((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(".\(name).XXXXXX").utf8CString)
      let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
      guard fd >= 0 else { throw Self.failure("write", destination, errno) }
      let temporaryPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
      registration = TemporaryFileRegistry.shared.register(temporaryPath)
      descriptor = fd
      finalPath = path
      temporaryURL = URL(fileURLWithPath: temporaryPath)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      _ = fchmod(fd, mode)
      if let owner, owner.user != geteuid() || owner.group != getegid() { _ = fchown(fd, owner.user, owner.group) }
    }
  }

  deinit {
    if !finished { discard() }
  }

  /// Appends bytes (buffered).
  public func append(_ data: Data) throws(OutputFileError) {
    if let failure { throw failure }
    precondition(!finished, "append after commit/discard")
    buffer.append(contentsOf: data)
    if buffer.count >= Self.flushThresholdBytes { try flushOrDiscard() }
  }

  /// Appends the UTF-8 bytes of `line` followed by "\n".
  public func appendLine(_ line: String) throws(OutputFileError) {
    if let failure { throw failure }
    precondition(!finished, "append after commit/discard")
    buffer.append(contentsOf: line.utf8)
    buffer.append(0x0A)
    if buffer.count >= Self.flushThresholdBytes { try flushOrDiscard() }
  }

  /// Flushes, syncs and renames the temporary file onto the destination (replacing any old
  /// file), or finishes writing through a device. On failure the temporary file is deleted and
  /// the destination is untouched.
  public func commit() throws(OutputFileError) {
    if let failure { throw failure }
    precondition(!finished, "commit after commit/discard")
    do throws(OutputFileError) {
      try flush()
      if let temporaryURL {
        if fsync(descriptor) != 0 { throw Self.failure("write", destination, errno) }
        let closed = close(descriptor)
        descriptor = -1
        if closed != 0 { throw Self.failure("write", destination, errno) }
        if rename(temporaryURL.path, finalPath) != 0 { throw Self.failure("write", destination, errno) }
        if let registration { TemporaryFileRegistry.shared.unregister(registration) }
        registration = nil
      } else {
        let closed = close(descriptor)
        descriptor = -1
        if closed != 0 && errno != EINTR { throw Self.failure("write", destination, errno) }
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
    if !finished, let temporaryURL { _ = unlink(temporaryURL.path) }
    if let registration { TemporaryFileRegistry.shared.unregister(registration) }
    registration = nil
    finished = true
    buffer.removeAll()
  }

  /// A failed write deletes the temporary file at once, so no partial file outlives the error
  /// even if the owner keeps this object.
  private func flushOrDiscard() throws(OutputFileError) {
    do { try flush() } catch {
      failure = error
      discard()
      throw error
    }
  }

  private func flush() throws(OutputFileError) {
    if let code = buffer.withUnsafeBytes({ DescriptorWrite.all($0, to: descriptor) }) {
      throw Self.failure("write", destination, code)
    }
    buffer.removeAll(keepingCapacity: true)
  }

  private static func failure(_ operation: String, _ url: URL, _ code: Int32) -> OutputFileError {
    .systemCall(operation: operation, path: url.path, reason: String(cString: strerror(code)))
  }
}
