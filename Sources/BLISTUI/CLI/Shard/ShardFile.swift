import BLISSim
import Foundation

/// One file given to `blis merge`: its bytes and the kind of shard it declares (`format`).
struct ShardFile {
  var name: String
  var data: Data
  var format: String

  /// The shard kinds `blis merge` reads.
  static let formats = [SweepShardDocument.formatName, CapacityShardDocument.formatName]

  /// Largest shard file read, bytes.
  static let maxBytes = 1 << 30

  private struct FormatField: Decodable { var format: String }

  /// Reads `name` (relative to the current directory) and its `format`, which must be a known kind.
  init(_ name: String, io: CommandIO) throws {
    let url = SettingPath.resolve(name, base: io.currentDirectory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw CLIFailure(.usage, "merge: \(name): \(isDirectory.boolValue ? "is a folder" : "no such file") "
        + "(expected a shard written by blis sweep or blis capacity --shard K/N)")
    }
    // Read through a handle, at most one byte past the limit: works for pipes (`<(…)`) and devices,
    // and a file of endless bytes cannot exhaust memory.
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw CLIFailure(.runtime, "merge: \(name): cannot be read")
    }
    defer { try? handle.close() }
    let data: Data
    do { data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data() } catch {
      throw CLIFailure(.runtime, "merge: \(name): cannot be read")
    }
    guard data.count <= Self.maxBytes else {
      throw CLIFailure(.usage, "merge: \(name): larger than a shard can be (at most \(Self.maxBytes) bytes)")
    }
    let format: String
    do { format = try JSONDecoder().decode(FormatField.self, from: data).format } catch {
      throw CLIFailure(.usage, "merge: \(name): not a blis sweep or capacity shard (\(Self.describe(error)))")
    }
    guard Self.formats.contains(format) else {
      throw CLIFailure(.usage, "merge: \(name): format '\(ErrorText.excerpt(format))' is not one of \(Self.formats.joined(separator: ", "))")
    }
    self.name = name; self.data = data; self.format = format
  }

  /// The files as shards of kind `D`; a file of another kind is a usage error naming it and `first`.
  static func decode<D: ShardDocument>(_ files: [ShardFile], as type: D.Type) throws -> [(name: String, document: D)] {
    try files.map { file in
      guard file.format == D.formatName else {
        throw CLIFailure(.usage, "merge: \(file.name) is a \(file.format) shard but \(files[0].name) is a \(D.formatName) shard: "
                           + "merge the shards of one command")
      }
      do { return (file.name, try JSONDecoder().decode(D.self, from: file.data)) } catch {
        throw CLIFailure(.usage, "merge: \(file.name): not a valid \(D.formatName) shard (\(Self.describe(error)))")
      }
    }
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
    case DecodingError.dataCorrupted(let context):
      return context.codingPath.isEmpty ? "malformed JSON" : "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
    default:
      return "unreadable"
    }
  }
}
