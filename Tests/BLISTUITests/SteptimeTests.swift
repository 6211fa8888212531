import ArgumentParser
import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct SteptimeTests {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func parsesBatchesFile() throws {
    let text = """
      {"id": "a", "prefill": [{"context": 0, "tokens": 512}], "decode": [{"context": 2047, "count": 32}]}

      {"id": "b", "prefill": [{"context": 100, "tokens": 64, "last": false}, {"context": 0, "tokens": 8}]}
      """
    let r = try SteptimeInput.parse(text)
    #expect(r.count == 2)
    #expect(r[0].id == "a" && r[0].batch.prefillTokens == 512 && r[0].batch.decodeCount == 32)
    #expect(r[0].batch.decodeContextTokensSum == 32 * 2047)
    #expect(r[1].batch.prefills == [PrefillChunk(contextTokens: 100, newTokens: 64, completesPrompt: false),
                                    PrefillChunk(contextTokens: 0, newTokens: 8)])
    #expect(r[1].batch.logitsRows == 1)
  }

  @Test func badLinesNameLineAndField() {
    let cases: [(String, String)] = [
      ("{\"id\": \"a\"}\n{oops", "line 2: not a JSON object"),
      ("{\"decode\": [{\"context\": 5}]}", "line 1: decode entry is missing 'count'"),
      ("\n\n{\"prefill\": [{\"context\": 0, \"tokens\": 0}]}", "line 3: prefill.tokens = 0 is invalid (allowed: an integer ≥ 1)"),
      ("{\"prefil\": []}", "line 1: unknown field 'prefil' (allowed: id, prefill, decode)"),
    ]
    for (text, message) in cases {
      #expect { try SteptimeInput.parse(text) } throws: { "\($0)".hasPrefix("--batches \(message)") && !"\($0)".contains("\n") }
    }
  }

  @Test func jsonOutputKeepsIdsAndMatchesTheLibrary() throws {
    let dir = try makeTemporaryFolder("steptime")
    defer { try? FileManager.default.removeItem(at: dir) }
    try #"{"id": "d", "decode": [{"context": 511, "count": 1}]}"#.write(to: dir.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
    // A relative --batches path starts at the current folder.
    let result = runBLIS(["steptime", "--model", "meta-llama/llama-3.1-8b-instruct", "--batches", "b.jsonl", "--json"],
                         currentDirectory: dir)
    #expect(result.code == 0, "\(result.stderr)")
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(obj["id"] as? String == "d")
    #expect(obj["bound"] as? String == "memory")
    let config = try ModelConfig.parse(data: Data(contentsOf: Self.repoRoot.appendingPathComponent("model_configs/llama-3.1-8b-instruct/config.json")), source: "c")
    let hw = try HardwareCatalog.parse(data: Data(contentsOf: Self.repoRoot.appendingPathComponent("hardware_config.json")), source: "h").spec(named: "H100")
    var b = BatchShape(); b.addDecodes(count: 1, contextTokens: 511)
    #expect((obj["step_us"] as? NSNumber)?.int64Value == RooflineModel(model: config, hardware: hw).stepTime(for: b).microseconds)
  }

  @Test func blackboxUsesDefaultsRow() throws {
    let result = runBLIS(["steptime", "--model", "meta-llama/llama-3.1-8b-instruct", "--latency-model", "blackbox", "--batches", "-", "--json"],
                         standardInput: Data(#"{"id": "p", "prefill": [{"context": 0, "tokens": 100}]}"#.utf8))
    let defaults = try DefaultsFile.parse(String(contentsOf: Self.repoRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8))
    let row = try #require(defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "H100", tp: 1))
    let expected = try BlackboxModel(coefficients: row).stepTime(for: BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 100)]))
    #expect(result.stdout.contains("\"step_us\":\(expected.microseconds)"))
  }

  /// steptime resolves its deployment like `blis run`: the same one-line errors and exit codes.
  @Test(arguments: [
    ["--model", "meta-llama/llama-3.1-8b-instruct", "--tp", "3"],
    ["--model", "meta-llama/llama-3.1-8b-instruct", "--latency-model", "magic"],
    ["--model", "meta-llama/llama-3.1-8b-instruct", "--hardware", "H1OO"],
    ["--model", "meta-llama/llama-3.1-70b-instruct", "--hardware", "H100", "--tp", "1", "--roofline"],
    ["--model", "unknown-model", "--roofline"],
    ["--model", "example-org/unknown-model", "--roofline"],
  ])
  func errorsAreTheSameAsRun(arguments: [String]) {
    let run = runBLIS(["run"] + arguments)
    let steptime = runBLIS(["steptime", "--batches", "-"] + arguments)
    #expect(run.code != 0 && steptime.code == run.code, "\(arguments): run \(run.code), steptime \(steptime.code)")
    #expect(!run.stderr.isEmpty && steptime.stderr == run.stderr, "\(arguments)")
  }

  @Test func anUnreachableHubIsARuntimeFailure() {
    let result = runBLIS(["steptime", "--batches", "-", "--model", "example-org/unknown-model"])
    #expect(result.code == 1 && result.stderr.hasPrefix("error: could not reach"), "\(result.stderr)")
  }

  @Test func aMissingBatchesFileIsAUsageError() {
    let result = runBLIS(["steptime", "--model", "meta-llama/llama-3.1-8b-instruct", "--batches", "/no/such.jsonl"])
    #expect(result.code == 2 && result.stderr.hasPrefix("error: --batches '/no/such.jsonl' is invalid"))
  }
}
