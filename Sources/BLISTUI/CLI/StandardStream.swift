import BLISSim
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or standard error, written with `write(2)` so a failed write is an error value
/// instead of a trap (`FileHandle.write` traps; `print` hides the failure until exit).
///
/// Output that matters (reports, tables, JSON, help) uses `write(_:)`, which throws
/// `StandardStreamError`; `CLIRunner` turns it into exit 1 — with one line on stderr, or silently
/// for a closed pipe (`blis run --json | head -1` with SIGPIPE ignored), as `git` and `curl` do.
/// Diagnostics on stderr (warnings, progress) use `writeIgnoringErrors(_:)`: there is nowhere left
/// to report a failing stderr.
struct StandardStream: Sendable {
  let descriptor: Int32
  let name: String

  static let output = StandardStream(descriptor: STDOUT_FILENO, name: "standard output")
  static let error = StandardStream(descriptor: STDERR_FILENO, name: "standard error")

  func write(_ text: String) throws(StandardStreamError) {
    try write(bytes: Array(text.utf8))
  }

  func write(_ data: Data) throws(StandardStreamError) {
    try write(bytes: Array(data))
  }

  func writeIgnoringErrors(_ text: String) {
    try? write(text)
  }

  private func write(bytes: [UInt8]) throws(StandardStreamError) {
    if let code = bytes.withUnsafeBytes({ DescriptorWrite.all($0, to: descriptor) }) {
      throw StandardStreamError(streamName: name, code: code)
    }
  }

  /// Everything on standard input, read with `read(2)` (`FileHandle` traps on a read error, e.g.
  /// when standard input is a folder).
  static func readStandardInput() throws(StandardStreamError) -> Data {
    var data = Data()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress!, $0.count) }
      if count == 0 { return data }
      if count < 0 {
        if errno == EINTR { continue }
        throw StandardStreamError(streamName: "standard input", code: errno, isRead: true)
      }
      data.append(contentsOf: chunk[0..<count])
    }
  }

  /// Makes sure descriptors 0, 1 and 2 are open before anything else opens a file: a closed
  /// standard output would otherwise be handed to the next `open` (say, a temporary output file),
  /// and the report would be written into it. A closed one is reopened as read-only `/dev/null`,
  /// so reading gives end of file and writing fails with "Bad file descriptor".
  static func reserveClosedDescriptors() {
    for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
      let opened = open("/dev/null", O_RDONLY)
      if opened >= 0, opened != fd {
        _ = dup2(opened, fd)
        _ = close(opened)
      }
    }
  }
}

/// A failed write to standard output (or error). `isBrokenPipe`: the reader went away.
struct StandardStreamError: Error, Equatable, CustomStringConvertible {
  var streamName: String
  var code: Int32
  var isRead = false

  var isBrokenPipe: Bool { code == EPIPE }
  var description: String { "cannot \(isRead ? "read from" : "write to") \(streamName): \(String(cString: strerror(code)))" }
}
