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
      ("\n\n{\"prefill\": [{\"context\": 0, \"tokens\": 0}]}", "line 3: prefill.tokens = 0 is invalid (allowed: an integer in 1...100000000)"),
      ("{\"prefil\": []}", "line 1: unknown field 'prefil' (allowed: id, prefill, decode)"),
    ]
    for (text, message) in cases {
      #expect { try SteptimeInput.parse(text) } throws: { "\($0)".hasPrefix("--batches \(message)") && !"\($0)".contains("\n") }
    }
  }

  func command(_ args: [String]) throws -> SteptimeCommand {
    try SteptimeCommand.parse(args)
  }

  @Test func jsonOutputKeepsIdsAndMatchesTheLibrary() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("steptime-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let batches = dir.appendingPathComponent("b.jsonl")
    try #"{"id": "d", "decode": [{"context": 511, "count": 1}]}"#.write(to: batches, atomically: true, encoding: .utf8)
    let out = try command(["--model", "meta-llama/llama-3.1-8b-instruct", "--batches", batches.path, "--json"])
      .render(dataDirectory: Self.repoRoot)
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(obj["id"] as? String == "d")
    #expect(obj["bound"] as? String == "memory")
    let config = try ModelConfig.parse(data: Data(contentsOf: Self.repoRoot.appendingPathComponent("model_configs/llama-3.1-8b-instruct/config.json")), source: "c")
    let hw = try HardwareCatalog.parse(data: Data(contentsOf: Self.repoRoot.appendingPathComponent("hardware_config.json")), source: "h").spec(named: "H100")
    var b = BatchShape(); b.addDecodes(count: 1, contextTokens: 511)
    #expect((obj["step_us"] as? NSNumber)?.int64Value == RooflineModel(model: config, hardware: hw).stepTime(for: b).microseconds)
  }

  @Test func blackboxUsesDefaultsRow() throws {
    let out = try command(["--model", "meta-llama/llama-3.1-8b-instruct", "--latency-model", "blackbox", "--batches", "-", "--json"])
      .render(dataDirectory: Self.repoRoot, stdin: { Data(#"{"id": "p", "prefill": [{"context": 0, "tokens": 100}]}"#.utf8) })
    let defaults = try DefaultsFile.parse(String(contentsOf: Self.repoRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8))
    let row = try #require(defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "H100", tp: 1))
    let expected = try BlackboxModel(coefficients: row).stepTime(for: BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 100)]))
    #expect(out.contains("\"step_us\":\(expected.microseconds)"))
  }

  @Test func usageErrorsAreOneLine() throws {
    #expect { try command(["--model", "m", "--latency-model", "magic", "--batches", "-"]).render(dataDirectory: Self.repoRoot, stdin: { Data() }) }
      throws: { "\($0)" == "--latency-model magic is invalid (allowed: roofline, blackbox)" }
    // No owner part: nothing to fetch, so the error is immediate (no network).
    let batch = Data(#"{"decode": [{"context": 10, "count": 1}]}"#.utf8)
    #expect { try command(["--model", "unknown-model", "--batches", "-"]).render(dataDirectory: Self.repoRoot, stdin: { batch }) }
      throws: { "\($0)".hasPrefix("no model config for 'unknown-model'") }
  }

  /// Issue 13: an empty input used to print nothing and exit 0; no batch is a usage error.
  @Test func emptyInputIsAnError() throws {
    for input in ["", "\n\n  \n"] {
      #expect { try command(["--model", llama8b, "--batches", "-"]).render(dataDirectory: Self.repoRoot, stdin: { Data(input.utf8) }) }
        throws: { "\($0)".hasPrefix("--batches: no batch lines") }
    }
  }

  /// Issue 13: counts near 2^63 used to overflow (count × context) and trap.
  @Test func hugeCountsAreRangeErrors() {
    let text = #"{"decode": [{"context": 9223372036854775807, "count": 9223372036854775807}]}"#
    #expect { try SteptimeInput.parse(text) } throws: { "\($0)".contains("decode.count") && "\($0)".contains("1...100000000") }
  }
}
