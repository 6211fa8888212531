import Testing
@testable import BLISSim

@Suite struct StepBenchReaderTests {
  @Test func mapsShapesToBatches() throws {
    let text = """
      {"gpu": "G", "model": "m", "kind": "meta"}
      {"gpu": "G", "model": "m", "kind": "prefill", "mode": "graph", "shapes": {"num_seqs": 4, "seq_len": 1024, "num_tokens": 4096}, "median_ms": 97.5}
      {"gpu": "G", "model": "m", "kind": "decode", "mode": "graph", "shapes": {"batch": 8, "context": 512, "num_tokens": 8}, "median_ms": 6.5}
      {"gpu": "G", "model": "m", "kind": "mixed", "mode": "eager", "shapes": {"decode_batch": 32, "decode_context": 2048, "prefill_tokens": 512, "prefill_context": 100}, "median_ms": 19.1}
      """
    let rows = try StepBenchReader.parse(text)
    #expect(rows.map(\.kind) == [.prefill, .decode, .mixed])
    #expect(rows[0].batch.prefills == Array(repeating: PrefillChunk(contextTokens: 0, newTokens: 1024), count: 4))
    #expect(rows[0].measuredMicros == 97_500)
    #expect(rows[1].batch.decodeCount == 8 && rows[1].batch.decodeContextTokensSum == 8 * 511)
    #expect(rows[2].batch.prefills == [PrefillChunk(contextTokens: 100, newTokens: 512)])
    #expect(rows[2].batch.decodeContextTokensSum == 32 * 2047 && rows[2].mode == "eager")
  }

  @Test func fixturesParseCompletely() throws {
    for file in ["h100.jsonl", "h200.jsonl"] {
      let rows = try StepBenchReader.parse(TestData.fixture(file))
      #expect(rows.filter { $0.mode == "graph" }.count == 89, "\(file)")
    }
  }

  @Test func errorsCarryTheLineNumber() {
    let cases: [(String, StepBenchError)] = [
      ("{\"kind\": \"meta\"}\n\n{broken", StepBenchError(line: 3, message: "")),
      ("{\"kind\": \"decode\", \"shapes\": {\"batch\": 1}, \"median_ms\": 1}", StepBenchError(line: 1, message: "shapes.context must be an integer in 0...100000000")),
      ("{\"kind\": \"decode\", \"shapes\": {\"batch\": 1, \"context\": 5}}", StepBenchError(line: 1, message: "median_ms must be a number of milliseconds in [0.001, 1e7]")),
    ]
    for (text, expected) in cases {
      #expect {
        try StepBenchReader.parse(text)
      } throws: { error in
        guard let e = error as? StepBenchError else { return false }
        return e.line == expected.line && (expected.message.isEmpty || e.message == expected.message)
      }
    }
  }
}
