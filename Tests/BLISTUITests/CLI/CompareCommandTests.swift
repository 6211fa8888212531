import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct CompareCommandTests {
  private let base = ["compare", "--model", llama8b, "--num-requests", "60", "--rate", "20", "--num-instances", "2"]

  @Test func bothModelsWithCoefficients() throws {
    let json = runBLIS(base + ["--json"])
    #expect(json.code == 0, "\(json.stderr)")
    let document = try JSONDecoder().decode(CompareReport.self, from: Data(json.stdout.utf8))
    let blackbox = try #require(document.blackbox)
    #expect(document.blackboxError == nil)
    #expect(document.roofline.latencyModel.hasPrefix("roofline"))
    #expect(blackbox.latencyModel.hasPrefix("blackbox"))
    #expect(document.roofline.cluster.completedRequests == 60)
    #expect(blackbox.cluster.completedRequests == 60)
    // The same workload and KV capacity; only the step times differ.
    #expect(document.roofline.cluster.inputTokens == blackbox.cluster.inputTokens)
    #expect(document.roofline.cluster.kv.totalBlocks == blackbox.cluster.kv.totalBlocks)

    // Each must equal a plain `blis run` with that model.
    let run = runBLIS(["run", "--model", llama8b, "--num-requests", "60", "--rate", "20", "--num-instances", "2",
                       "--roofline", "--json"])
    #expect(try JSONDecoder().decode(RunReport.self, from: Data(run.stdout.utf8)) == document.roofline)

    let text = runBLIS(base)
    #expect(text.code == 0)
    #expect(text.stdout.contains("roofline inputs:"))
    #expect(text.stdout.contains("blackbox inputs:"))
    let ttft = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("TTFT mean, ms") })
    let expected = NumberFormat.relativeDifference(document.roofline.cluster.ttft.meanMs, blackbox.cluster.ttft.meanMs)
    #expect(ttft.hasSuffix(expected), "\(ttft)")
    #expect(ttft.contains(NumberFormat.ms(document.roofline.cluster.ttft.meanMs)))
  }

  @Test func blackboxColumnExplainsMissingCoefficients() throws {
    let args = base + ["--hardware", "L40S", "--tp", "1"]
    let json = runBLIS(args + ["--json"])
    #expect(json.code == 0, "\(json.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["blackbox"] is NSNull, "blackbox key present and null")
    let document = try JSONDecoder().decode(CompareReport.self, from: Data(json.stdout.utf8))
    #expect(document.blackbox == nil)
    #expect(document.blackboxError?.contains("--roofline") == true)
    #expect(document.roofline.cluster.completedRequests == 60)

    let text = runBLIS(args)
    #expect(text.code == 0)
    let unwrapped = text.stdout.replacingOccurrences(of: "\n  ", with: " ")
    #expect(unwrapped.contains("blackbox inputs: unavailable — no coefficients for model=\(llama8b) GPU=L40S TP=1"))
    for line in text.stdout.split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
    let row = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("E2E p99, ms") })
    #expect(row.contains("n/a"))
  }

  @Test func requestsOutIsRefused() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let r = runBLIS(base + ["--requests-out", folder.appendingPathComponent("r.jsonl").path])
    #expect(r.code == 2)
    #expect(r.stderr.contains("--requests-out"))
    #expect(entries(of: folder).isEmpty)
  }
}
