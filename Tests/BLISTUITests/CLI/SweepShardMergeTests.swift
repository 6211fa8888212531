import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// `blis sweep --shard K/N` + `blis merge` give exactly the unsharded sweep.
@Suite struct SweepShardMergeTests {
  let sweep = ["sweep", "--model", llama8b, "--hardware", "H100", "--roofline", "--num-requests", "60",
               "--tp-list", "1,2", "--instances-list", "1,2", "--rates", "4,12,30", "--seed", "7", "--quiet"]

  /// Writes each shard's stdout to a file and returns the paths.
  private func shards(_ count: Int, in folder: URL, extra: [String] = []) throws -> [String] {
    try (1...count).map { k in
      let r = runBLIS(sweep + extra + ["--shard", "\(k)/\(count)"])
      #expect(r.code == 0, "\(r.stderr)")
      let path = folder.appendingPathComponent("part\(k).json").path
      try Data(r.stdout.utf8).write(to: URL(fileURLWithPath: path))
      return path
    }
  }

  @Test func mergedShardsEqualTheUnshardedSweep() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let whole = runBLIS(sweep), wholeJSON = runBLIS(sweep + ["--json"])
    #expect(whole.code == 0 && wholeJSON.code == 0)
    for n in [1, 3, 5, 16] {   // 12 points: fewer, more and (16) more shards than points
      let parts = try shards(n, in: folder)
      let text = runBLIS(["merge"] + parts.reversed())
      #expect(text.code == 0, "\(text.stderr)")
      #expect(text.stdout == whole.stdout, "merge of \(n) shards differs from the sweep")
      let json = runBLIS(["merge", "--json"] + parts)
      #expect(json.stdout == wholeJSON.stdout, "merge --json of \(n) shards differs from sweep --json")
    }
    // A shard runs only its points: 12 points in 5 shards → shard 2 has positions 1, 6, 11.
    let part2 = try JSONDecoder().decode(SweepShardDocument.self, from: Data(runBLIS(sweep + ["--shard", "2/5"]).stdout.utf8))
    #expect(part2.points.map(\.gridIndex) == [1, 6, 11])
    #expect(part2.grid.count == 12)
  }

  @Test func mergeRefusesIncompleteRepeatedOrForeignShards() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let parts = try shards(3, in: folder)
    let missing = runBLIS(["merge", parts[0], parts[2]])
    #expect(missing.code == 2 && missing.stderr.contains("missing shard 2/3"), "\(missing.stderr)")
    let twice = runBLIS(["merge", parts[0], parts[0], parts[1], parts[2]])
    #expect(twice.code == 2 && twice.stderr.contains("both shard 1/3"), "\(twice.stderr)")
    let other = runBLIS(sweep + ["--seed", "8", "--shard", "2/3"])
    let otherPath = folder.appendingPathComponent("other.json")
    try Data(other.stdout.utf8).write(to: otherPath)
    let foreign = runBLIS(["merge", parts[0], otherPath.path, parts[2]])
    #expect(foreign.code == 2 && foreign.stderr.contains("header differs"), "\(foreign.stderr)")
    let notShard = runBLIS(["merge", repositoryRoot.appendingPathComponent("hardware_config.json").path])
    #expect(notShard.code == 2 && notShard.stderr.contains("not a blis sweep or capacity shard"), "\(notShard.stderr)")
    #expect(notShard.stderr.split(separator: "\n").count == 1)
    let folderGiven = runBLIS(["merge", folder.path])
    #expect(folderGiven.code == 2 && folderGiven.stderr.contains("is a folder"), "\(folderGiven.stderr)")
    // A device (or a pipe, `<(…)`) is read through a handle: empty here, so not a shard, exit 2.
    let device = runBLIS(["merge", "/dev/null"])
    #expect(device.code == 2 && device.stderr.contains("malformed JSON"), "\(device.stderr)")
  }

  @Test(arguments: ["0/4", "5/4", "a/b", "1/0", "2", "1/100001"])
  func badShardIsAUsageError(_ value: String) {
    let r = runBLIS(sweep + ["--shard", value])
    #expect(r.code == 2 && r.stderr.contains("--shard '\(value)' is invalid"), "\(r.stderr)")
  }
}
