import ArgumentParser
import BLISSim
import Foundation

/// `blis merge`: combines the JSON shards of `blis sweep --shard K/N` into the output the
/// unsharded sweep prints (the same table, `--json` document and `--csv`), after checking that
/// they are every shard of one grid, each once.
struct MergeCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine the shards of `blis sweep --shard K/N` into the whole sweep's output.",
    discussion: """
      Give every shard's JSON (any order). The shards must come from the same sweep command line \
      and blis version: merge refuses shards whose grid or header differ, a missing or repeated \
      shard, or a file that is not a shard, naming the file. The result is byte-identical to the \
      unsharded `blis sweep` with the same flags (table, --json, --csv).

      Example:
        for k in 1 2 3 4; do blis sweep --gpus 8 --rates 20,40,80 --shard $k/4 > part$k.json & done; wait
        blis merge part*.json --csv sweep.csv

      Exit codes: 0 success, 2 usage error (bad or inconsistent shard files), 1 runtime failure.
      """)

  @Argument(help: ArgumentHelp("The shard files written by blis sweep --shard K/N.", valueName: "part.json"))
  var parts: [String]
  @Option(name: .customLong("csv"), help: ArgumentHelp("Also write the table as CSV to this file (atomically).", valueName: "file.csv"))
  var csv: String?
  @Option(name: .customLong("results-path"), help: ArgumentHelp("Write the JSON report to this file (atomically).", valueName: "file.json"))
  var resultsPath: String?
  @Flag(name: .customLong("json"), help: "Print the machine-readable JSON report on stdout instead of the table.")
  var json = false

  /// Largest shard file read, bytes.
  static let maxShardBytes = 1 << 30

  func execute(io: CommandIO) throws {
    guard !parts.isEmpty else { throw CLIFailure(.usage, "merge: give the shard files (blis sweep --shard K/N writes them)") }
    let csvURL = csv.map { SettingPath.resolve($0, base: io.currentDirectory) }
    if let csvURL { try AtomicFileWriter.checkWritable(csvURL) }
    var output = OutputSettings()
    output.json = json
    output.resultsPath = resultsPath.map { SettingPath.resolve($0, base: io.currentDirectory) }
    if let path = output.resultsPath { try AtomicFileWriter.checkWritable(path) }

    let shards = try parts.map { try (name: $0, document: Self.read($0, io: io)) }
    let merged = try Self.merge(shards)
    try SweepCommand.present(merged.rows, header: merged.header, clients: merged.clients, skipped: merged.skipped,
                             csv: csvURL, output: output, io: io)
  }

  static func read(_ name: String, io: CommandIO) throws -> SweepShardDocument {
    let url = SettingPath.resolve(name, base: io.currentDirectory)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw CLIFailure(.usage, "merge: \(name): no such file (expected a shard written by blis sweep --shard K/N)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    guard size <= maxShardBytes else {
      throw CLIFailure(.usage, "merge: \(name): \(size) bytes is larger than a shard can be (at most \(maxShardBytes))")
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw CLIFailure(.runtime, "merge: \(name): cannot be read")
    }
    let document: SweepShardDocument
    do { document = try JSONDecoder().decode(SweepShardDocument.self, from: data) } catch {
      throw CLIFailure(.usage, "merge: \(name): not a blis sweep shard (\(Self.describe(error)))")
    }
    guard document.format == SweepShardDocument.formatName else {
      throw CLIFailure(.usage, "merge: \(name): format '\(ErrorText.excerpt(document.format))' is not \(SweepShardDocument.formatName)")
    }
    return document
  }

  struct Merged {
    var header: [String]
    var clients: Bool
    var skipped: [String]
    var rows: [SweepCommand.Row]
  }

  /// Checks that `shards` are every shard of one grid, once each, and puts their points in grid order.
  static func merge(_ shards: [(name: String, document: SweepShardDocument)]) throws -> Merged {
    let (firstName, first) = shards[0]
    var seen: [Int: String] = [:]
    var rows = [SweepCommand.Row?](repeating: nil, count: first.grid.count)
    for (name, d) in shards {
      let differs = [("blis version", d.blisVersion != first.blisVersion), ("shard count", d.shard.count != first.shard.count),
                     ("header", d.header != first.header), ("grid", d.grid != first.grid), ("clients", d.clients != first.clients),
                     ("skipped splits", d.skipped != first.skipped)].first { $0.1 }
      if let (what, _) = differs {
        throw CLIFailure(.usage, "merge: \(name) is not from the same sweep as \(firstName): its \(what) differs")
      }
      if let other = seen[d.shard.index] {
        throw CLIFailure(.usage, "merge: \(name) and \(other) are both shard \(d.shard)")
      }
      seen[d.shard.index] = name
      let expected = d.shard.positions(inGridOf: d.grid.count)
      guard d.points.map(\.gridIndex) == expected else {
        throw CLIFailure(.usage, "merge: \(name): its points are not shard \(d.shard)'s \(expected.count) grid positions")
      }
      for p in d.points { rows[p.gridIndex] = p.row }
    }
    let missing = (1...first.shard.count).filter { seen[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.prefix(10).map { "\($0)/\(first.shard.count)" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
      throw CLIFailure(.usage, "merge: missing shard\(missing.count == 1 ? "" : "s") \(list) of the sweep in \(firstName)")
    }
    return Merged(header: first.header, clients: first.clients, skipped: first.skipped, rows: rows.compactMap { $0 })
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
