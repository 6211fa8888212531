import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// Issue 13 item 11: the same input handled the same way everywhere.
@Suite struct ConsistentHandlingTests {
  private func injected(_ result: CLIResult) throws -> Int {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let cluster = try #require(object["cluster"] as? [String: Any])
    return try #require(cluster["injected_requests"] as? Int)
  }

  /// A trace used to ignore --num-requests and --rate silently; now the first N rows are replayed
  /// (as --num-requests caps a YAML spec) and a rate, which cannot apply to recorded arrival times,
  /// is an error.
  @Test func aTraceHonoursNumRequestsAndRefusesARate() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let trace = folder.appendingPathComponent("trace.csv")
    try ("arrival_s,prompt_tokens,output_tokens\n" + (0..<10).map { "\(Double($0) * 0.1),50,5" }.joined(separator: "\n"))
      .write(to: trace, atomically: true, encoding: .utf8)
    let base = ["run", "--model", llama8b, "--workload-spec", trace.path, "--json", "--quiet"]
    let all = runBLIS(base)
    #expect(all.code == 0, "\(all.stderr)")
    #expect(try injected(all) == 10)
    let first = runBLIS(base + ["--num-requests", "4"])
    #expect(first.code == 0, "\(first.stderr)")
    #expect(try injected(first) == 4)
    let rate = runBLIS(base + ["--rate", "3"])
    #expect(rate.code == 2)
    #expect(rate.stderr.hasPrefix("error: --rate cannot be used with the trace") && rate.stderr.filter { $0 == "\n" }.count == 1)
  }

  /// A folder where a file is expected is a usage error (2) whichever flag names it.
  @Test func aFolderForAFileIsExit2Everywhere() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for flag in ["--config", "--workload-spec", "--hardware-config", "--results-path", "--requests-out"] {
      let result = runBLIS(["run", "--model", llama8b, "--num-requests", "3", flag, folder.path])
      #expect(result.code == 2, "\(flag): \(result.code) \(result.stderr)")
      #expect(result.stderr.contains("folder") && result.stderr.filter { $0 == "\n" }.count == 1, "\(flag): \(result.stderr)")
    }
  }

  /// `--seed -1` is rejected, and so is `seed: -1` in a workload spec.
  @Test func aNegativeSeedIsRejectedInFlagsAndSpecs() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let spec = folder.appendingPathComponent("spec.yaml")
    try "seed: -1\nrate: 5\nnum_requests: 5\nprompt_tokens: 10\noutput_tokens: 5\n".write(to: spec, atomically: true, encoding: .utf8)
    let flag = runBLIS(["run", "--model", llama8b, "--seed", "-1"])
    let file = runBLIS(["run", "--model", llama8b, "--workload-spec", spec.path])
    #expect(flag.code == 2 && file.code == 2, "\(flag.stderr) / \(file.stderr)")
    #expect(file.stderr.contains("seed = -1"))
  }
}
