import Foundation

extension AtomicFileWriter {
  /// Writes `data` to `url` atomically, calling `beforeCommit` with the temporary file once it holds
  /// the bytes, before the rename (tests use it to fail at the last moment). On any failure the old
  /// file is untouched and the temporary file is removed.
  public static func write(_ data: Data, to url: URL, beforeCommit: (URL) throws -> Void) throws {
    let file = try StreamingAtomicFile(destination: url)
    try file.append(data)
    do { try beforeCommit(file.temporaryURL) } catch {
      file.discard()
      throw error
    }
    try file.commit()
  }
}
