import Foundation
import Synchronization
import Testing
@testable import BLISSim
#if canImport(Glibc)
import Glibc
#endif

/// What each kind of existing destination becomes: written through (devices, FIFOs, symlinks),
/// replaced with its mode kept (regular files), or refused (folders, sockets).
@Suite struct OutputDestinationTests {
  private func withFolder(_ body: (URL) throws -> Void) throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("blis-dest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    try body(url)
  }

  private func mode(_ path: String) -> mode_t {
    var info = stat()
    _ = lstat(path, &info)
    return info.st_mode
  }

  @Test func aRegularFileIsReplacedButKeepsItsPermissionBits() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("secret.json")
      try Data("old".utf8).write(to: target)
      chmod(target.path, 0o600)
      try AtomicFileWriter.write(Data("new".utf8), to: target)
      #expect(mode(target.path) & 0o7777 == 0o600)
      #expect(try String(contentsOf: target, encoding: .utf8) == "new")
    }
  }

  @Test func aNewFileGetsTheUmaskMode() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("new.json")
      try AtomicFileWriter.write(Data("x".utf8), to: target)
      #expect(mode(target.path) & 0o7777 == OutputDestination.defaultMode())
      #expect(OutputDestination.defaultMode() & 0o600 == 0o600, "owner can read and write")
    }
  }

  @Test func aSymlinkIsWrittenThroughToItsTarget() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("defaults.yaml")
      let link = folder.appendingPathComponent("link.yaml")
      try Data("old".utf8).write(to: target)
      chmod(target.path, 0o640)
      symlink("defaults.yaml", link.path)
      try AtomicFileWriter.write(Data("new".utf8), to: link)
      #expect(mode(link.path) & S_IFMT == S_IFLNK, "the link is still a link")
      #expect(try String(contentsOf: target, encoding: .utf8) == "new")
      #expect(mode(target.path) & 0o7777 == 0o640)
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["defaults.yaml", "link.yaml"])
    }
  }

  @Test func aDanglingSymlinkCreatesItsTarget() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let link = folder.appendingPathComponent("out.json")
      symlink("real.json", link.path)
      try AtomicFileWriter.write(Data("x".utf8), to: link)
      #expect(mode(link.path) & S_IFMT == S_IFLNK)
      #expect(try String(contentsOf: folder.appendingPathComponent("real.json"), encoding: .utf8) == "x")
    }
  }

  @Test func aCharacterDeviceIsWrittenThroughNotReplaced() throws {
    try withFolder { (folder: URL) throws(any Error) in
      // Through a symlink, so a regression would replace the link, never /dev/null itself.
      let link = folder.appendingPathComponent("null")
      symlink("/dev/null", link.path)
      #expect(try OutputDestination.inspect(link) == .writeThrough)
      try AtomicFileWriter.write(Data("discarded".utf8), to: link)
      #expect(mode(link.path) & S_IFMT == S_IFLNK)
      #expect(mode("/dev/null") & S_IFMT == S_IFCHR)
    }
  }

  @Test func aFullDeviceGivesAnErrorNamingTheUsersPath() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let link = folder.appendingPathComponent("full.json")
      symlink("/dev/full", link.path)
      #expect(throws: OutputFileError.systemCall(operation: "write", path: link.path, reason: "No space left on device")) {
        try AtomicFileWriter.write(Data("x".utf8), to: link)
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["full.json"])
    }
  }

  @Test func aFIFOReceivesTheBytesAndStaysAFIFO() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let fifo = folder.appendingPathComponent("pipe")
      #expect(mkfifo(fifo.path, 0o600) == 0)
      let received = Mutex<Data?>(nil)
      let reader = Thread { received.withLock { $0 = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile() } }
      reader.start()
      try AtomicFileWriter.write(Data("line\n".utf8), to: fifo)
      for _ in 0..<500 where received.withLock({ $0 == nil }) { usleep(10_000) }
      #expect(received.withLock { $0 } == Data("line\n".utf8))
      #expect(mode(fifo.path) & S_IFMT == S_IFIFO)
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipe"])
    }
  }

  @Test func foldersAndSocketsAreRefused() throws {
    try withFolder { (folder: URL) throws(any Error) in
      #expect(throws: OutputFileError.destinationIsDirectory(path: folder.path)) { try AtomicFileWriter.checkWritable(folder) }
      let socketURL = folder.appendingPathComponent("s.sock")
      let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(fd) }
      var address = sockaddr_un()
      address.sun_family = sa_family_t(AF_UNIX)
      withUnsafeMutableBytes(of: &address.sun_path) { raw in
        let bytes = Array(socketURL.path.utf8)
        raw.copyBytes(from: bytes.prefix(raw.count - 1))
      }
      let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
      }
      #expect(bound == 0)
      #expect(throws: OutputFileError.unsupportedDestination(path: socketURL.path, kind: "a socket")) {
        try AtomicFileWriter.checkWritable(socketURL)
      }
      #expect(OutputFileError.unsupportedDestination(path: "x", kind: "a socket").isUsageError)
    }
  }

  @Test func aTemporaryFileIsRegisteredUntilCommitOrDiscard() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let committed = try StreamingAtomicFile(destination: folder.appendingPathComponent("a.jsonl"))
      let discarded = try StreamingAtomicFile(destination: folder.appendingPathComponent("b.jsonl"))
      let registered = TemporaryFileRegistry.shared.registeredPaths
      #expect(registered.contains(try #require(committed.temporaryURL).path))
      #expect(registered.contains(try #require(discarded.temporaryURL).path))
      try committed.commit()
      discarded.discard()
      let after = TemporaryFileRegistry.shared.registeredPaths
      #expect(!after.contains(try #require(committed.temporaryURL).path))
      #expect(!after.contains(try #require(discarded.temporaryURL).path))
    }
  }

  @Test func unlinkAllRemovesEveryRegisteredFile() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let registry = TemporaryFileRegistry(capacity: 4)
      let paths = (0..<3).map { folder.appendingPathComponent(".tmp\($0)").path }
      for path in paths { _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8)) }
      let tokens = paths.map { registry.register($0) }
      registry.unregister(tokens[1])
      registry.unlinkAll()
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [".tmp1"])
    }
  }
}
