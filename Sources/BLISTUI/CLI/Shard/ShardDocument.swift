import BLISSim
import Foundation

/// What the JSON shards of `blis sweep --shard K/N` and `blis capacity --shard K/N` share: a
/// format name, the `blis` version, the shard, the whole grid's point names, and the shard's
/// items with their grid positions. `ShardMerge` checks and combines any kind of them.
protocol ShardDocument: Codable {
  associatedtype Item
  /// The `format` field that identifies the kind ("blis-sweep-shard/1").
  static var formatName: String { get }
  /// The command that writes it, for messages ("sweep").
  static var command: String { get }
  var format: String { get }
  var blisVersion: String { get }
  var shard: GridShard { get }
  /// Every grid point of the whole run, in grid order.
  var grid: [String] { get }
  /// The shard's items, each with its grid position.
  var indexedItems: [(gridIndex: Int, item: Item)] { get }
  /// The first property other than version, shard count and grid that must be equal in every
  /// shard of one run and differs from `other`'s, named ("header"); nil when none does.
  func difference(from other: Self) -> String?
}

extension ShardDocument {
  /// The shard's output: its JSON on stdout, or (with --results-path) in that file (atomically)
  /// with one line saying so on stdout.
  func write(output: OutputSettings, io: CommandIO) throws {
    let json = try ReportJSON.encode(self)
    if let path = output.resultsPath {
      try AtomicFileWriter.write(json, to: path)
      try io.writeOutput("shard \(shard): \(indexedItems.count) of \(grid.count) grid points → \(path.path)\n")
    } else {
      try io.writeOutput(String(decoding: json, as: UTF8.self))
    }
  }
}
