import Foundation

/// Writes whole files without clobbering: the bytes go to a temporary file in the destination's
/// folder (so the final `rename(2)` never crosses a file system), which is flushed and then renamed
/// over the destination. Readers see either the old file or the complete new one, never a prefix.
/// Devices, FIFOs and symlinks are written through (see `OutputDestination`).
public enum AtomicFileWriter {
  /// Writes `data` to `url` (see `StreamingAtomicFile` for how each kind of destination is handled).
  /// - Throws: `OutputFileError` naming the path; on failure no temporary file is left behind.
  public static func write(_ data: Data, to url: URL) throws(OutputFileError) {
    let file = try StreamingAtomicFile(destination: url)
    try file.append(data)
    try file.commit()
  }

  /// Checks, without creating anything, that `url` could be written: its folder exists and takes
  /// new files, it is not a folder, block device or socket, and an existing file there is writable.
  /// Use it before a long run so a bad output path fails first.
  public static func checkWritable(_ url: URL) throws(OutputFileError) {
    _ = try OutputDestination.inspect(url)
  }
}
