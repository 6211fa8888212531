import BLISSim
import Foundation

/// What `blis capacity --shard K/N` writes and `blis merge` reads: one shard's capacity results
/// (the grid is the runnable deployments, split × latency model, in `CapacityPlanner` order), with
/// everything `CapacityReport` needs to print the whole result once every shard is back.
struct CapacityShardDocument: ShardDocument {
  static let formatName = "blis-capacity-shard/1"
  static let command = "capacity"

  var format = Self.formatName
  var blisVersion = BLISVersion.current
  var shard: GridShard
  var header: Header
  /// Every deployment of the whole search, in grid order ("TP2×4 roofline").
  var grid: [String]
  var skipped: [String]
  var results: [IndexedResult]

  /// The settings every shard of one search shares: what the report prints above its table,
  /// and what else decides the results (search variable, seed, price flag).
  struct Header: Codable, Equatable {
    var model: String
    var hardware: String
    var slo: LatencySLO
    var settings: CapacitySearchSettings
    var targetRatePerSecond: Double?
    /// `--search`: "rate" or "concurrency".
    var search: String
    var seed: UInt64
    /// `--gpu-hour-usd` (nil: each GPU's price from the hardware config).
    var gpuHourUSD: Double?

    enum CodingKeys: String, CodingKey {
      case model, hardware, slo, settings, targetRatePerSecond = "target_rate_per_s", search, seed, gpuHourUSD = "gpu_hour_usd"
    }
  }

  /// One deployment's result, its grid position, and its deployment's warnings: worded (the
  /// report's) and as data (which `CapacityPlanner.best` reads; `CapacityResult` does not encode them).
  struct IndexedResult: Codable {
    var gridIndex: Int
    var result: CapacityResult
    var warnings: [String]

    init(gridIndex: Int, result: CapacityResult, warnings: [String]) {
      self.gridIndex = gridIndex; self.result = result; self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
      case gridIndex = "grid_index", result, warnings, deploymentWarnings = "deployment_warnings"
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      gridIndex = try c.decode(Int.self, forKey: .gridIndex)
      result = try c.decode(CapacityResult.self, forKey: .result)
      result.warnings = try c.decode([RunWarning].self, forKey: .deploymentWarnings)
      warnings = try c.decode([String].self, forKey: .warnings)
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(gridIndex, forKey: .gridIndex)
      try c.encode(result, forKey: .result)
      try c.encode(result.warnings, forKey: .deploymentWarnings)
      try c.encode(warnings, forKey: .warnings)
    }
  }

  enum CodingKeys: String, CodingKey {
    case format, blisVersion = "blis_version", shard, header, grid, skipped, results
  }

  var indexedItems: [(gridIndex: Int, item: IndexedResult)] { results.map { ($0.gridIndex, $0) } }

  func difference(from other: Self) -> String? {
    [("header", header != other.header), ("skipped splits", skipped != other.skipped)].first { $0.1 }?.0
  }

  /// The grid's point names: the deployments in the order `CapacityPlanner` runs them.
  static func gridNames(_ deployments: [PlanningDeployments.Deployment]) -> [String] {
    deployments.map { "\($0.split) \($0.kind.rawValue)" }
  }

  /// The whole search's report from `header`, `skipped` and every shard's results in grid order.
  static func report(header: Header, skipped: [String], results: [IndexedResult]) -> CapacityReport {
    CapacityReport(model: header.model, hardware: header.hardware, slo: header.slo, settings: header.settings,
                   targetRatePerSecond: header.targetRatePerSecond, results: results.map(\.result),
                   warnings: results.map(\.warnings), skipped: skipped)
  }
}
