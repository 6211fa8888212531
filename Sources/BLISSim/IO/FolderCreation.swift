import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mkdir -p` with one-line errors (`FileManager` reports a multi-line NSError dump).
public enum FolderCreation {
  /// Creates `url` and any missing parents (mode 0777 minus the umask). An existing folder is fine.
  /// - Throws: `OutputFileError.systemCall` naming the folder that could not be created and why.
  public static func createFolders(at url: URL) throws(OutputFileError) {
    let path = url.standardizedFileURL.path
    var info = stat()
    if stat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw .systemCall(operation: "create the folder", path: path, reason: "a file with that name exists")
      }
      return
    }
    let parent = (path as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != path { try createFolders(at: URL(fileURLWithPath: parent)) }
    if mkdir(path, 0o777) != 0 && errno != EEXIST {
      throw .systemCall(operation: "create the folder", path: path, reason: String(cString: strerror(errno)))
    }
  }
}
