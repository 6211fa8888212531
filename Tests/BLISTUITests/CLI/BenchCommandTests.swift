import Foundation
import Testing

@testable import BLISTUI

@Suite struct BenchCommandTests {
  /// `--repeat N` runs each row N times: the row says so, its wall time is the fastest run's (never
  /// above the median), and its simulated results are those of a single run.
  @Test func repeatReportsTheFastestOfItsRunsWithTheSameResults() throws {
    let args = ["bench", "--requests", "3000", "--rate", "72.9", "--json"]
    let once = runBLIS(args)
    let thrice = runBLIS(args + ["--repeat", "3"])
    #expect(once.code == 0 && thrice.code == 0, "\(once.stderr) \(thrice.stderr)")
    let single = try #require(try rows(once.stdout).first)
    let repeated = try #require(try rows(thrice.stdout).first)
    #expect(single["runs"] as? Int == 1)
    #expect(repeated["runs"] as? Int == 3)
    let fastest = try #require(repeated["wall_s"] as? Double)
    let median = try #require(repeated["median_wall_s"] as? Double)
    #expect(fastest > 0 && fastest <= median)
    for key in ["steps", "completed_requests", "ttft_p50_ms", "itl_p50_ms", "mean_batch", "simulated_s"] {
      #expect("\(single[key] ?? "")" == "\(repeated[key] ?? "")", "\(key)")
    }
    let text = runBLIS(["bench", "--requests", "2000", "--repeat", "2"])
    #expect(text.code == 0)
    #expect(text.stdout.contains("wall times: fastest of 2 runs per row"))
  }

  @Test(arguments: ["0", "101", "-1", "x"])
  func repeatOutOfRangeIsAUsageError(value: String) {
    let result = runBLIS(["bench", "--requests", "1000", "--repeat", value])
    #expect(result.code == 2)
    #expect(result.stderr.contains("--repeat"), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  private func rows(_ json: String) throws -> [[String: Any]] {
    try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
  }
}
