import Foundation
import Testing
@testable import BLISSim

private func withFolder(_ body: (URL) throws -> Void) throws {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("blis-atomic-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  try body(url)
}

private func entries(_ folder: URL) throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
}

@Suite struct AtomicFileWriterTests {
  @Test func writeReplacesTheFileAndLeavesNothingElse() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("report.json")
      try Data("old".utf8).write(to: target)
      try AtomicFileWriter.write(Data("new contents".utf8), to: target)
      #expect(try String(contentsOf: target, encoding: .utf8) == "new contents")
      #expect(try entries(folder) == ["report.json"])
    }
  }

  @Test func missingFolderFailsBeforeCreatingAnything() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("nope/report.json")
      #expect(throws: OutputFileError.directoryMissing(path: target.path)) { try AtomicFileWriter.write(Data(), to: target) }
      #expect(throws: OutputFileError.destinationIsDirectory(path: folder.path)) { try AtomicFileWriter.checkWritable(folder) }
      #expect(try entries(folder).isEmpty)
    }
  }

  @Test func streamingFileAppearsOnlyOnCommit() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("requests.jsonl")
      let file = try StreamingAtomicFile(destination: target)
      for index in 0..<5000 { try file.appendLine(#"{"id":\#(index)}"#) }
      #expect(!FileManager.default.fileExists(atPath: target.path), "destination exists before commit")
      let temporary = try #require(file.temporaryURL)
      #expect(FileManager.default.fileExists(atPath: temporary.path))
      #expect(temporary.deletingLastPathComponent().path == folder.path)
      try file.commit()
      let lines = try String(contentsOf: target, encoding: .utf8).split(separator: "\n")
      #expect(lines.count == 5000)
      #expect(lines.last == #"{"id":4999}"#)
      #expect(try entries(folder) == ["requests.jsonl"])
    }
  }

  @Test func discardOrDroppingLeavesNoFileAndKeepsTheOldOne() throws {
    try withFolder { (folder: URL) throws(any Error) in
      let target = folder.appendingPathComponent("requests.jsonl")
      try Data("previous run\n".utf8).write(to: target)
      let discarded = try StreamingAtomicFile(destination: target)
      try discarded.appendLine("partial")
      discarded.discard()
      do {
        let dropped = try StreamingAtomicFile(destination: target)
        try dropped.append(Data(repeating: 65, count: 200_000))
      }  // dropped without commit, as when a run throws
      #expect(try entries(folder) == ["requests.jsonl"])
      #expect(try String(contentsOf: target, encoding: .utf8) == "previous run\n")
    }
  }
}
