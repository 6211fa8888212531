import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files atomically: the bytes go to a temporary file in the destination's folder
/// (so the final `rename(2)` never crosses a file system), which is flushed and then renamed over
/// the destination. Readers see either the old file or the complete new one, never a prefix.
public enum AtomicFileWriter {
  /// Writes `data` to `url` atomically (permissions 0644), creating nothing else.
  /// - Throws: `OutputFileError` naming the path; on failure no temporary file is left behind.
  public static func write(_ data: Data, to url: URL) throws(OutputFileError) {
    let file = try StreamingAtomicFile(destination: url)
    try file.append(data)
    try file.commit()
  }

  /// Checks, without creating anything, that `url` could be written: its folder exists and
  /// it is not itself a folder. Use it before a long run so a bad output path fails first.
  public static func checkWritable(_ url: URL) throws(OutputFileError) {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw .destinationIsDirectory(path: url.path)
    }
    let folder = url.deletingLastPathComponent().path
    guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .directoryMissing(path: url.path)
    }
  }

  /// `strerror` for the current `errno`, as a Swift string.
  static func lastErrorReason() -> String { String(cString: strerror(errno)) }
}
