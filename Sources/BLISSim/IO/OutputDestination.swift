import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is at an output path, and therefore how to write it without clobbering anything.
///
/// - Nothing there, or a regular file: write a hidden temporary file in the same folder and
///   rename it over the path when complete (`replace`). An existing file keeps its permission bits
///   and (when the process may set it) its owner; a new file gets 0666 minus the umask.
/// - A symbolic link: the link is followed, so its target is what gets written (a dangling link's
///   target is created, as a shell redirection would); the link itself stays a link.
/// - A character device or FIFO (`/dev/null`, `/dev/stdout` on a pipe, a named pipe): the path is
///   opened and written directly (`writeThrough`); it is never replaced by a regular file.
/// - A folder, a block device or a socket: refused with a one-line error.
enum OutputDestination: Equatable {
  /// Write `path` (the link target when the user's path is a symlink) via temporary file + rename.
  case replace(path: String, mode: mode_t, owner: FileOwner?)
  /// Open the user's path and write to it.
  case writeThrough

  struct FileOwner: Equatable {
    var user: uid_t
    var group: gid_t
  }

  /// Looks at `url` without creating anything.
  /// - Throws: `OutputFileError` naming the user's path when it cannot be written.
  static func inspect(_ url: URL) throws(OutputFileError) -> OutputDestination {
    let path = url.path
    var info = stat()
    if lstat(path, &info) != 0 {
      let code = errno
      guard code == ENOENT else { throw failure(code, path) }
      try checkFolder(of: path, userPath: path)
      return .replace(path: path, mode: defaultMode(), owner: nil)
    }
    if fileType(info) == S_IFLNK {
      var target = stat()
      guard stat(path, &target) == 0 else {
        let code = errno
        guard code == ENOENT else { throw failure(code, path) }
        let resolved = try danglingTarget(of: path)
        try checkFolder(of: resolved, userPath: path)
        return .replace(path: resolved, mode: defaultMode(), owner: nil)
      }
      guard fileType(target) == S_IFREG else { return try classify(target, path: path) }
      guard let resolved = realPath(path) else { throw failure(errno, path) }
      return try existingFile(target, path: resolved, userPath: path)
    }
    if fileType(info) == S_IFREG { return try existingFile(info, path: path, userPath: path) }
    return try classify(info, path: path)
  }

  /// A folder, device, FIFO or socket at `path`.
  private static func classify(_ info: stat, path: String) throws(OutputFileError) -> OutputDestination {
    switch fileType(info) {
    case S_IFDIR: throw .destinationIsDirectory(path: path)
    case S_IFCHR, S_IFIFO:
      guard access(path, W_OK) == 0 else { throw failure(errno, path) }
      return .writeThrough
    case S_IFBLK: throw .unsupportedDestination(path: path, kind: "a block device")
    case S_IFSOCK: throw .unsupportedDestination(path: path, kind: "a socket")
    default: throw .unsupportedDestination(path: path, kind: "not a regular file")
    }
  }

  /// An existing regular file: it must be writable (as a shell redirection would require) and so
  /// must its folder (for the temporary file and the rename).
  private static func existingFile(_ info: stat, path: String, userPath: String) throws(OutputFileError) -> OutputDestination {
    guard access(path, W_OK) == 0 else { throw failure(errno, userPath) }
    try checkFolder(of: path, userPath: userPath)
    return .replace(path: path, mode: info.st_mode & 0o7777, owner: FileOwner(user: info.st_uid, group: info.st_gid))
  }

  /// The folder of `path` exists, is a folder, and accepts new files.
  private static func checkFolder(of path: String, userPath: String) throws(OutputFileError) {
    let folder = (path as NSString).deletingLastPathComponent
    var info = stat()
    guard stat(folder.isEmpty ? "." : folder, &info) == 0, fileType(info) == S_IFDIR else {
      throw .directoryMissing(path: userPath)
    }
    guard access(folder.isEmpty ? "." : folder, W_OK | X_OK) == 0 else {
      throw .systemCall(operation: "write", path: userPath, reason: "its folder is not writable (\(String(cString: strerror(errno))))")
    }
  }

  /// Where a chain of symbolic links ending at a missing file points (at most 40 links, as the
  /// kernel allows).
  private static func danglingTarget(of path: String) throws(OutputFileError) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, fileType(info) == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count >= 0 else { throw failure(errno, path) }
      let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString)
        .appendingPathComponent(target)
    }
    throw failure(ELOOP, path)
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  private static func fileType(_ info: stat) -> mode_t { info.st_mode & S_IFMT }

  private static func failure(_ code: Int32, _ path: String) -> OutputFileError {
    .systemCall(operation: "write", path: path, reason: String(cString: strerror(code)))
  }

  /// 0666 minus the process umask (read from /proc without changing it; 022 when unavailable).
  static func defaultMode() -> mode_t {
    let fallback: mode_t = 0o022
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
          let mask = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
    else { return 0o666 & ~fallback }
    return 0o666 & ~mask
  }
}
