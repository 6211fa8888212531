import BLISSim
import Foundation
import Synchronization

/// Writes `ExportDocument`s on a background queue so the UI thread never waits on the disk; the
/// result is picked up by the main loop with `takeResult()`.
final class ExportWriter: Sendable {
  private let directory: URL
  private let queue = DispatchQueue(label: "blis.export", qos: .utility)
  private let result = Mutex<Result<String, ExportFailure>?>(nil)

  /// - Parameter directory: folder for the files (created if missing), e.g. `./exports`.
  init(directory: URL) { self.directory = directory }

  func write(_ document: ExportDocument) {
    let directory = directory
    queue.async { [self] in
      let outcome = Self.writeNow(document, into: directory)
      result.withLock { $0 = outcome }
    }
  }

  /// Writes synchronously; returns the Markdown path (relative when under the current directory).
  static func writeNow(_ document: ExportDocument, into directory: URL) -> Result<String, ExportFailure> {
    let markdownURL = directory.appendingPathComponent(document.baseName + ".md")
    let jsonURL = directory.appendingPathComponent(document.baseName + ".json")
    do {
      try FolderCreation.createFolders(at: directory)
      try AtomicFileWriter.write(Data(document.markdown.utf8), to: markdownURL)
      try AtomicFileWriter.write(Data(document.json.utf8), to: jsonURL)
    } catch {
      return .failure(ExportFailure(message: "export failed: \(error)"))
    }
    let cwd = FileManager.default.currentDirectoryPath + "/"
    let path = markdownURL.path
    return .success(path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path)
  }

  /// The result of the last finished export, once.
  func takeResult() -> Result<String, ExportFailure>? {
    result.withLock { value in defer { value = nil }; return value }
  }

  /// `yyyyMMdd-HHmmss` and ISO 8601 for `date`, in UTC.
  static func timestamps(for date: Date) -> (file: String, iso: String) {
    let file = DateFormatter()
    file.locale = Locale(identifier: "en_US_POSIX")
    file.timeZone = TimeZone(identifier: "UTC")
    file.dateFormat = "yyyyMMdd-HHmmss"
    let iso = ISO8601DateFormatter()
    return (file.string(from: date), iso.string(from: date))
  }
}
