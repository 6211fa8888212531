import BLISSim
import Foundation

/// What `blis sweep --shard K/N` writes and `blis merge` reads: one shard's points of a sweep
/// grid, with everything needed to print the whole sweep once every shard is back (its header
/// line, whether it has a clients column, the skipped splits) and to check that the shards belong
/// together (the same `blis` version, header and grid, every shard exactly once).
struct SweepShardDocument: ShardDocument {
  static let formatName = "blis-sweep-shard/1"
  static let command = "sweep"

  var format = Self.formatName
  var blisVersion = BLISVersion.current
  var shard: GridShard
  /// The text output's lines above the table (model, hardware, seed, requests per point).
  var header: [String]
  /// Every grid point of the whole sweep, in grid order ("TP2×4 roofline 50.00 req/s").
  var grid: [String]
  /// Whether the sweep has a concurrency axis (the table's clients column).
  var clients: Bool
  var skipped: [String]
  var points: [IndexedRow]

  struct IndexedRow: Codable {
    var gridIndex: Int
    var row: SweepCommand.Row
    enum CodingKeys: String, CodingKey { case gridIndex = "grid_index", row }
  }

  var indexedItems: [(gridIndex: Int, item: SweepCommand.Row)] { points.map { ($0.gridIndex, $0.row) } }

  func difference(from other: Self) -> String? {
    [("header", header != other.header), ("clients", clients != other.clients), ("skipped splits", skipped != other.skipped)]
      .first { $0.1 }?.0
  }

  enum CodingKeys: String, CodingKey {
    case format, blisVersion = "blis_version", shard, header, grid, clients, skipped, points
  }

  /// The grid's point names, deployments × loads in the order `SweepPlanner` runs them.
  static func gridNames(_ deployments: [PlanningDeployments.Deployment], loads: [SweepLoad]) -> [String] {
    deployments.flatMap { d in
      loads.map { "\(d.split) \(d.kind.rawValue) \(SweepCommand.load($0))" }
    }
  }
}
