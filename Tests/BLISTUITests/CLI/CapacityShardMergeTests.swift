import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// `blis capacity --shard K/N` + `blis merge` give exactly the unsharded capacity search.
@Suite struct CapacityShardMergeTests {
  /// 4 deployments (TP4 × 1, 2 instances × blackbox, roofline); the blackbox rows are flagged
  /// unphysical, so the merged best must still see their warnings.
  static let rateSearch = ["capacity", "--model", llama8b, "--hardware", "H100", "--tp-list", "4", "--instances-list", "1,2",
                           "--latency-models", "blackbox,roofline", "--slo-ttft-p99-ms", "500", "--probe-requests", "100",
                           "--probe-seconds", "2", "--max-probe-requests", "300", "--rate-resolution", "0.25",
                           "--target-rate", "500", "--seed", "7", "--quiet"]
  static let concurrencySearch = ["capacity", "--model", llama8b, "--hardware", "H100", "--roofline", "--tp-list", "1,2",
                                  "--instances-list", "1,2", "--search", "concurrency", "--slo-ttft-p99-ms", "200",
                                  "--output-tokens", "64", "--probe-requests", "60", "--max-probe-requests", "200",
                                  "--rate-resolution", "0.25", "--quiet"]

  /// Runs every shard of `command` and writes each one's stdout to a file; returns the paths.
  private func shards(_ command: [String], _ count: Int, in folder: URL, name: String = "part") throws -> [String] {
    try (1...count).map { k in
      let r = runBLIS(command + ["--shard", "\(k)/\(count)"])
      #expect(r.code == 0, "\(r.stderr)")
      let path = folder.appendingPathComponent("\(name)\(k).json").path
      try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
      return path
    }
  }

  private func expectMergesEqual(_ command: [String], shardCounts: [Int], deployments: Int, flagged: [String] = []) throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let whole = runBLIS(command), wholeJSON = runBLIS(command + ["--json"]), wholePlot = runBLIS(command + ["--plot", "--ascii"])
    #expect(whole.code == 0 && wholeJSON.code == 0, "\(whole.stderr)")
    let all = try JSONDecoder().decode(CapacityShardDocument.self, from: Data(runBLIS(command + ["--shard", "1/1"]).stdout.utf8))
    #expect(all.grid.count == deployments && all.results.count == deployments)
    // The deployments' warnings survive the JSON as data too (the best rule reads them).
    #expect(all.results.filter { !$0.result.warnings.isEmpty }.map { all.grid[$0.gridIndex] } == flagged)
    for n in shardCounts {
      let parts = try shards(command, n, in: folder)
      let text = runBLIS(["merge"] + parts.reversed())
      #expect(text.code == 0, "\(text.stderr)")
      #expect(text.stdout == whole.stdout, "merge of \(n) capacity shards differs from capacity")
      let resultsPath = folder.appendingPathComponent("merged.json")
      let json = runBLIS(["merge", "--json", "--results-path", resultsPath.path] + parts)
      #expect(json.stdout == wholeJSON.stdout, "merge --json of \(n) capacity shards differs from capacity --json")
      #expect(try String(contentsOf: resultsPath, encoding: .utf8) == wholeJSON.stdout)
      #expect(runBLIS(["merge", "--plot", "--ascii"] + parts).stdout == wholePlot.stdout)
    }
  }

  @Test func mergedRateSearchShardsEqualTheUnshardedSearch() throws {
    // 4 deployments: fewer, and (6) more shards than deployments.
    try expectMergesEqual(Self.rateSearch, shardCounts: [3, 6], deployments: 4,
                          flagged: ["TP4×1 blackbox", "TP4×2 blackbox"])
    // A shard searches only its deployments: 4 in 3 shards → shard 1 has positions 0 and 3.
    let part1 = try JSONDecoder().decode(CapacityShardDocument.self,
                                         from: Data(runBLIS(Self.rateSearch + ["--shard", "1/3"]).stdout.utf8))
    #expect(part1.format == "blis-capacity-shard/1")
    #expect(part1.results.map(\.gridIndex) == [0, 3])
    #expect(part1.results.map { "\($0.result.split) \($0.result.kind.rawValue)" } == [part1.grid[0], part1.grid[3]])
  }

  @Test func mergedConcurrencySearchShardsEqualTheUnshardedSearch() throws {
    try expectMergesEqual(Self.concurrencySearch, shardCounts: [2, 5], deployments: 4)
  }

  @Test func mergeRefusesIncompleteRepeatedForeignOrMixedShards() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let parts = try shards(Self.concurrencySearch, 3, in: folder)
    let missing = runBLIS(["merge", parts[0], parts[2]])
    #expect(missing.code == 2 && missing.stderr.contains("missing shard 2/3 of the capacity in"), "\(missing.stderr)")
    let twice = runBLIS(["merge", parts[0], parts[1], parts[1], parts[2]])
    #expect(twice.code == 2 && twice.stderr.contains("both shard 2/3"), "\(twice.stderr)")
    // The same grid searched for rate instead of clients: another command line.
    let rate = try shards(Self.concurrencySearch.filter { $0 != "--search" && $0 != "concurrency" }, 3, in: folder, name: "rate")
    let foreign = runBLIS(["merge", parts[0], rate[1], parts[2]])
    #expect(foreign.code == 2 && foreign.stderr.contains("\(rate[1]) is not from the same capacity as \(parts[0]): its header differs"),
            "\(foreign.stderr)")
    let sweep = runBLIS(["sweep", "--model", llama8b, "--hardware", "H100", "--roofline", "--num-requests", "20", "--quiet",
                         "--shard", "2/3"])
    let sweepPath = folder.appendingPathComponent("sweep.json")
    try Data(sweep.stdout.utf8).write(to: sweepPath)
    let mixed = runBLIS(["merge", parts[0], sweepPath.path, parts[2]])
    #expect(mixed.code == 2 && mixed.stderr.contains("\(sweepPath.path) is a blis-sweep-shard/1 shard but \(parts[0]) is a "
                                                      + "blis-capacity-shard/1 shard"), "\(mixed.stderr)")
    let csv = runBLIS(["merge", "--csv", folder.appendingPathComponent("x.csv").path] + parts)
    #expect(csv.code == 2 && csv.stderr.contains("--csv applies to the shards of blis sweep"), "\(csv.stderr)")
    for r in [missing, twice, foreign, mixed, csv] { #expect(r.stdout.isEmpty && r.stderr.split(separator: "\n").count == 1) }
  }

  @Test func aShardWithThePlotIsAUsageError() {
    let r = runBLIS(Self.concurrencySearch + ["--shard", "1/2", "--plot"])
    #expect(r.code == 2 && r.stderr.contains("--plot cannot be combined with --shard"), "\(r.stderr)")
  }

  @Test(arguments: ["0/4", "5/4", "a/b", "1/0", "2", "1/100001"])
  func badShardIsAUsageError(_ value: String) {
    let r = runBLIS(Self.concurrencySearch + ["--shard", value])
    #expect(r.code == 2 && r.stderr.contains("--shard '\(value)' is invalid"), "\(r.stderr)")
  }

  /// A tampered shard count (0 would divide by zero) is refused while reading, not trusted.
  @Test func aShardFileWithAnImpossibleShardIsRefused() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let part = try shards(Self.concurrencySearch, 1, in: folder)[0]
    let text = try String(contentsOfFile: part, encoding: .utf8)
    let tampered = text.replacingOccurrences(of: "\"shard\" : {\n    \"count\" : 1,", with: "\"shard\" : {\n    \"count\" : 0,")
    #expect(tampered != text)
    try Data(tampered.utf8).write(to: URL(fileURLWithPath: part))
    let r = runBLIS(["merge", part])
    #expect(r.code == 2 && r.stderr.contains("not a valid blis-capacity-shard/1 shard (bad value at shard.count)"), "\(r.stderr)")
  }
}
