import BLISSim
import Foundation

/// Combines the shards of one run: checks that they are every shard of one grid (same `blis`
/// version, shard count, grid and the document's own header fields), each exactly once, and puts
/// their items in grid order. Every refusal is a usage error naming the file.
enum ShardMerge {
  static func merge<D: ShardDocument>(_ shards: [(name: String, document: D)]) throws -> (first: D, items: [D.Item]) {
    let (firstName, first) = shards[0]
    var seen: [Int: String] = [:]
    var items = [D.Item?](repeating: nil, count: first.grid.count)
    for (name, d) in shards {
      let generic = [("blis version", d.blisVersion != first.blisVersion), ("shard count", d.shard.count != first.shard.count),
                     ("grid", d.grid != first.grid)].first { $0.1 }?.0
      if let what = generic ?? d.difference(from: first) {
        throw CLIFailure(.usage, "merge: \(name) is not from the same \(D.command) as \(firstName): its \(what) differs")
      }
      if let other = seen[d.shard.index] {
        throw CLIFailure(.usage, "merge: \(name) and \(other) are both shard \(d.shard)")
      }
      seen[d.shard.index] = name
      let expected = d.shard.positions(inGridOf: d.grid.count)
      guard d.indexedItems.map(\.gridIndex) == expected else {
        throw CLIFailure(.usage, "merge: \(name): its grid indices are not shard \(d.shard)'s \(expected.count) grid positions")
      }
      for (index, item) in d.indexedItems { items[index] = item }
    }
    let missing = (1...first.shard.count).filter { seen[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.prefix(10).map { "\($0)/\(first.shard.count)" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
      throw CLIFailure(.usage, "merge: missing shard\(missing.count == 1 ? "" : "s") \(list) of the \(D.command) in \(firstName)")
    }
    return (first, items.compactMap { $0 })
  }
}
