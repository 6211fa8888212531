import Foundation
import Testing
@testable import BLISTUI

/// `blis validate` end to end: the sample files, JSON, per-file settings, the default model, errors.
@Suite struct ValidateCommandTests {
  static let sample = "examples/vllm-bench/Mistral-7B-Instruct-v0.3"
  /// The sample servers' flags (examples/vllm-bench/README.md), without --tp and --model.
  static let server = ["--roofline", "--hardware", "H100", "--serving-profile", "vllm-0.6", "--num-scheduler-steps", "10",
                       "--no-enable-chunked-prefill", "--max-model-len", "2048", "--max-num-seqs", "256",
                       "--gpu-memory-utilization", "0.95"]
  static let model = ["--model", "mistralai/mistral-7b-instruct-v0.3"]

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func printsMeasuredPredictedAndErrorPerFile() throws {
    let r = runBLIS(["validate", "\(Self.sample)_tp1_n40.json", "--tp", "1"] + Self.model + Self.server)
    #expect(r.code == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    // The file's own mean TTFT (252.85 ms) in the measured column of the TTFT row.
    let ttft = try #require(lines.first { $0.hasPrefix("  TTFT ") })
    #expect(ttft.split(separator: " ")[1] == "252.9")
    for quantity in ["TPOT", "ITL", "E2E"] { #expect(lines.contains { $0.hasPrefix("  \(quantity) ") }) }
    #expect(lines.contains { $0.hasPrefix("  output throughput: measured 1275.5 tok/s") })
    #expect(r.stdout.contains("TTFT: send → first non-empty chunk, per request; a request with empty output counts as 0"))
    #expect(r.stdout.contains("note: 2 requests with empty output"))
    #expect(!r.stdout.contains("all 1 files"))  // no aggregate for one file
    #expect(r.stderr.hasPrefix("validated 1 file in "))
  }

  @Test func jsonHasEveryMetricAndTheAggregate() throws {
    let r = runBLIS(["validate", "\(Self.sample)_tp1_n40.json@tp=1", "\(Self.sample)_tp8_n40.json@tp=8", "--json", "--quiet"]
                    + Self.model + Self.server)
    #expect(r.code == 0 && r.stderr.isEmpty, "\(r.stderr)")
    let doc = try Self.json(r.stdout)
    let files = try #require(doc["files"] as? [[String: Any]])
    #expect(files.count == 2)
    let tps = files.compactMap { ($0["deployment"] as? [String: Any])?["tp"] as? Int }
    #expect(tps == [1, 8])
    let metrics = try #require(files[0]["metrics"] as? [[String: Any]])
    #expect(metrics.count == 13)
    let e2e = try #require(metrics.first { $0["metric"] as? String == "mean_e2el_ms" })
    let measured = try #require(e2e["measured"] as? Double), predicted = try #require(e2e["predicted"] as? Double)
    #expect(abs(measured - 2040.697664649997) < 1e-9)
    #expect(abs((e2e["error_percent"] as? Double ?? 0) - (predicted / measured - 1) * 100) < 1e-9)
    let aggregate = try #require(doc["aggregate"] as? [[String: Any]])
    let tpot = try #require(aggregate.first { $0["metric"] as? String == "mean_tpot_ms" })
    #expect(tpot["files"] as? Int == 2)
    #expect((doc["definitions"] as? [String: String])?["tpot"]?.contains("more than one output token") == true)
  }

  @Test func isDeterministicAndTakesTheModelFromTheFile() {
    let args = ["validate", "\(Self.sample)_tp8_n40.json", "--tp", "8", "--quiet"] + Self.server
    let a = runBLIS(args), b = runBLIS(args)
    #expect(a.code == 0, "\(a.stderr)")
    #expect(a.stdout == b.stdout)
    #expect(a.stdout.contains("mistralai/Mistral-7B-Instruct-v0.3 on H100 · TP 8"))
  }

  @Test func badInputIsOneLineAndExit2() throws {
    let folder = try makeTemporaryFolder()
    let truncated = folder.appendingPathComponent("cut.json")
    try Data("{\"request_rate\": \"inf\",\n\"input_lens\": [1, 2".utf8).write(to: truncated)
    let cases: [([String], String)] = [
      (["validate", truncated.path], "cut.json: not valid JSON: line 2: the file ends early (truncated?)"),
      (["validate", "nope.json"], "error: nope.json: no such file"),
      (["validate", "\(Self.sample)_tp1_n40.json@rate=3"], "rate"),
      (["validate", "\(Self.sample)_tp1_n40.json@tp=zero"], "tp"),
    ]
    for (args, expected) in cases {
      let r = runBLIS(args + Self.model + Self.server)
      #expect(r.code == 2, "\(args): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(expected), "\(r.stderr)")
      #expect(r.stdout.isEmpty)
    }
  }

  @Test func warnsAboutIgnoredWorkloadFlagsAndAnotherModel() {
    let r = runBLIS(["validate", "\(Self.sample)_tp1_n40.json", "--rate", "5", "--model", "meta-llama/llama-3.1-8b-instruct"]
                    + Self.server)
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stderr.contains("warning: ignored --rate: the workload comes from the result files"))
    #expect(r.stderr.contains("was measured on mistralai/Mistral-7B-Instruct-v0.3; simulating meta-llama/llama-3.1-8b-instruct"))
  }
}
