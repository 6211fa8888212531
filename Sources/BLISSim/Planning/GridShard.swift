import Foundation

/// One deterministic slice of a planning grid, so a sweep can run as N independent jobs (a
/// Kubernetes Indexed Job, GNU parallel, Ray) whose outputs `blis merge` combines: shard `index`
/// of `count` (both 1-based in the text form "K/N") owns the grid positions p (0-based, in the
/// grid's order) with p mod count = index − 1. Round-robin rather than contiguous blocks, so
/// expensive corners of the grid (high rates, many instances) spread over every shard.
public struct GridShard: Sendable, Hashable, Codable, CustomStringConvertible {
  /// 1-based shard number, 1 ≤ index ≤ count.
  public let index: Int
  /// Number of shards the grid is cut into.
  public let count: Int

  public static let maximumCount = 100_000

  public init(index: Int, count: Int) throws(PlanningError) {
    guard (1...Self.maximumCount).contains(count), (1...count).contains(index) else {
      throw Self.invalid("\(index)/\(count)")
    }
    self.index = index; self.count = count
  }

  /// Parses "K/N" (`--shard 2/8`).
  public init(parsing text: String) throws(PlanningError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
          let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { throw Self.invalid(text) }
    try self.init(index: k, count: n)
  }

  /// Decodes a shard (`blis merge` reads them from files) through the same checks as `init`.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let (index, count) = (try c.decode(Int.self, forKey: .index), try c.decode(Int.self, forKey: .count))
    do { try self.init(index: index, count: count) } catch {
      throw DecodingError.dataCorruptedError(forKey: .count, in: c, debugDescription: error.description)
    }
  }

  private enum CodingKeys: String, CodingKey { case index, count }

  private static func invalid(_ text: String) -> PlanningError {
    .invalidValue(flag: "--shard", value: text, allowed: "K/N with 1 ≤ K ≤ N ≤ \(maximumCount), e.g. 2/8")
  }

  /// Whether grid position `position` (0-based) is this shard's.
  public func owns(_ position: Int) -> Bool { position % count == index - 1 }

  /// This shard's positions of a grid of `total` points, in order.
  public func positions(inGridOf total: Int) -> [Int] {
    Array(stride(from: index - 1, to: max(total, 0), by: count))
  }

  public var description: String { "\(index)/\(count)" }
}
