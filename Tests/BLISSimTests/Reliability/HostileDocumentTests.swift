import Foundation
import Testing
@testable import BLISSim

/// Issue 13 items 3, 7 and 11 on the parsers: deep nesting, duplicate keys, numbers near 2^63,
/// rates that overflow the clock, BOMs, separators and huge fields — all one-line errors (or
/// accepted, for a BOM), never a crash.
@Suite struct DocumentLimitsTests {
  static let deepFlow = "x: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
  static let deepBlock = (0..<3000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
  static let deepCompact = "x:\n" + String(repeating: "- ", count: 5000) + "1\n"
  static let deepJSON = String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5000)

  @Test(arguments: [deepFlow, deepBlock, deepCompact, deepJSON])
  func deepDocumentsAreRefusedBeforeParsing(document: String) {
    #expect(throws: DocumentLimitError.self) { try DocumentLimits.check(document) }
  }

  /// A string that closes brackets must not hide the nesting that follows it.
  @Test func quotesCannotHideNesting() {
    let trick = "x: \"" + String(repeating: "]", count: 100) + "\"\n" + "y: " + String(repeating: "[", count: 100) + "\n"
    #expect(throws: DocumentLimitError.self) { try DocumentLimits.check(trick) }
    let unterminated = "x: 'a\n" + String(repeating: "- ", count: 100) + "1\n"
    #expect(throws: DocumentLimitError.self) { try DocumentLimits.check(unterminated) }
  }

  /// YAML ends a comment at CR, NEL and the Unicode line/paragraph separators too (found by the
  /// fuzz suite: a comment line with U+2028 followed by 100,000 `[` overflowed the stack).
  @Test(arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}"])
  func everyYAMLLineBreakEndsAComment(lineBreak: String) {
    let document = "# a comment" + lineBreak + String(repeating: "[", count: 100) + "\n"
    #expect(throws: DocumentLimitError.self) { try DocumentLimits.check(document) }
  }

  @Test func realFilesPass() throws {
    for path in ["defaults.yaml", "hardware_config.json", "model_configs/deepseek-v2-lite/config.json"] {
      try DocumentLimits.check(try String(contentsOf: TestData.repoRoot.appendingPathComponent(path), encoding: .utf8))
    }
    try DocumentLimits.check("a: \"[[[[\"\nb: '{{{{'\nc: [1, [2, [3]]]  # [[[[[[[[[[\n")
  }

  @Test func sizeAndAliasesAreBounded() {
    #expect(throws: DocumentLimitError.tooLarge(bytes: DocumentLimits.maxBytes + 1, limit: DocumentLimits.maxBytes)) {
      try DocumentLimits.check([UInt8](repeating: 0x20, count: DocumentLimits.maxBytes + 1))
    }
    let aliases = "a: &a [1]\nb: [" + Array(repeating: "*a", count: DocumentLimits.maxAliases + 1).joined(separator: ", ") + "]\n"
    #expect(throws: DocumentLimitError.tooManyAliases(limit: DocumentLimits.maxAliases)) { try DocumentLimits.check(aliases) }
  }

  /// Every parser of the issue's list goes through the limit: one line, no crash.
  @Test func everyParserRefusesDeepInput() {
    func oneLine(_ body: () throws -> Void) -> Bool {
      do { try body(); return false } catch { return !"\(error)".contains("\n") && "\(error)".contains("nests deeper than 64") }
    }
    #expect(oneLine { _ = try WorkloadSpec(yaml: Self.deepFlow) })
    #expect(oneLine { _ = try SettingsFile.parse(Self.deepFlow, path: "run.yaml") })
    #expect(oneLine { _ = try DefaultsFile.parse(Self.deepCompact) })
    #expect(oneLine { _ = try ModelConfig.parse(data: Data(Self.deepJSON.utf8), source: "config.json") })
    #expect(oneLine { _ = try HardwareCatalog.parse(data: Data(Self.deepJSON.utf8), source: "hw.json") })
    #expect(oneLine { _ = try StepBenchReader.parse(Self.deepJSON) })
  }
}

@Suite struct DuplicateKeyTests {
  @Test func aWorkloadSpecNamesTheDuplicateAndItsLine() {
    #expect { try WorkloadSpec(yaml: "rate: 5\nnum_requests: 10\nrate: 7\nprompt_tokens: 10\noutput_tokens: 10\n") }
      throws: { "\($0)" == "workload: YAML: line 3: key 'rate' is set twice (first on line 1)" }
    #expect { try WorkloadSpec(yaml: "rate: 5\nnum_requests: 10\nprompt_tokens: {dist: constant, value: 3, value: 4}\noutput_tokens: 10\n") }
      throws: { "\($0)".contains("key 'value' is set twice") }
  }

  @Test func defaultsYAMLNamesTheDuplicate() {
    let yaml = "defaults:\n  a/b: {GPU: H100, tensor_parallelism: 1}\n  a/b: {GPU: H200, tensor_parallelism: 2}\n"
    #expect { try DefaultsFile.parse(yaml, source: "defaults.yaml") }
      throws: { "\($0)" == "defaults.yaml: line 3: key 'a/b' is set twice (first on line 2)" }
  }
}

@Suite struct WorkloadBoundsTests {
  private func spec(_ yaml: String) throws -> WorkloadSpec { try WorkloadSpec(yaml: yaml) }

  private func rejects(_ yaml: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
      _ = try spec(yaml)
      Issue.record("accepted: \(yaml)", sourceLocation: sourceLocation)
    } catch {
      #expect("\(error)".contains(fragment) && !"\(error)".contains("\n"), "\(error)", sourceLocation: sourceLocation)
    }
  }

  /// `rate: 1e-12` used to overflow the arrival clock (Int64 microseconds) and trap.
  @Test func tinyRatesAreRangeErrors() {
    rejects("rate: 1e-12\nnum_requests: 10\nprompt_tokens: 10\noutput_tokens: 10\n", "stages[0].rate = 1e-12")
    rejects("rate: 0.001\nnum_requests: 1000000000\nprompt_tokens: 10\noutput_tokens: 10\n", "at most 1e10 s of arrivals")
    rejects("stages: [{rate: 1, duration_s: 9e9}, {rate: 1, duration_s: 9e9}]\nprompt_tokens: 10\noutput_tokens: 10\n",
            "at most 1e10 s in total")
  }

  /// Token counts near 2^63 used to overflow block arithmetic in the engine.
  @Test func hugeTokenCountsAreRangeErrors() {
    rejects("rate: 1\nnum_requests: 10\nprompt_tokens: 9223372036854775807\noutput_tokens: 10\n", "prompt_tokens.value")
    rejects("rate: 1\nnum_requests: 10\nprompt_tokens: 10\noutput_tokens: {dist: uniform, min: 1, max: 9223372036854775807}\n",
            "output_tokens.max")
    rejects("rate: 1\nnum_requests: 10\nprompt_tokens: {dist: empirical, values: [5, 9223372036854775806]}\noutput_tokens: 10\n",
            "prompt_tokens.values")
  }

  /// groups × prompts_per_group used to overflow Int and trap.
  @Test func sharedPrefixProductIsBounded() {
    rejects("rate: 1\nnum_requests: 10\nprompt_tokens: 10\noutput_tokens: 10\nshared_prefix: {groups: 4294967296, prompts_per_group: 4294967296, prefix_tokens: 10}\n",
            "shared_prefix.groups")
    rejects("rate: 1\nnum_requests: 10\nprompt_tokens: 10\noutput_tokens: 10\nshared_prefix: {groups: 100000, prompts_per_group: 100000, prefix_tokens: 10}\n",
            "groups × prompts_per_group ≤ 1000000000")
  }

  /// `--seed -1` is rejected, so `seed: -1` is too.
  @Test func aNegativeSeedIsRejectedLikeTheFlag() {
    rejects("seed: -1\nrate: 1\nnum_requests: 10\nprompt_tokens: 10\noutput_tokens: 10\n", "seed = -1")
  }
}

@Suite struct TraceRobustnessTests {
  /// arrival_s ≥ 9.3e12 used to trap converting to Int64 microseconds.
  @Test func hugeArrivalsAreRangeErrors() {
    #expect { try TraceWorkload(csv: "0,5,5\n9.3e12,5,5\n") } throws: { "\($0)".contains("trace line 2 arrival_s = 9.3e12") }
    #expect { try TraceWorkload(csv: "0,9223372036854775807,5\n") } throws: { "\($0)".contains("prompt_tokens") }
  }

  @Test func aByteOrderMarkIsAccepted() throws {
    let trace = try TraceWorkload(csv: "\u{FEFF}arrival_s,prompt_tokens,output_tokens\r\n0,5,5\r\n1,6,6\r\n")
    #expect(trace.count == 2)
    #expect(try TraceWorkload(csv: "\u{FEFF}0,5,5\n").count == 1)
  }

  @Test func semicolonsAreNamed() {
    #expect { try TraceWorkload(csv: "arrival_s;prompt_tokens;output_tokens\n0;5;5\n") }
      throws: { "\($0)".contains("separated by ';'") && "\($0)".contains("line 1") }
  }

  /// A 50 MB field used to be echoed whole into a 50 MB error line.
  @Test func aHugeFieldIsCutInTheMessage() throws {
    let field = String(repeating: "9", count: 500_000)
    for csv in ["0,\(field),5\n", "0,5,5\n\(field)x,5,5\n"] {
      do { _ = try TraceWorkload(csv: csv); Issue.record("accepted") } catch {
        let text = "\(error)"
        #expect(text.count < 300 && text.contains("…"), "\(text.count) characters")
      }
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data(("0,5,5\n" + String(repeating: "7", count: 3 << 20) + "\n").utf8).write(to: folder)
    #expect { try TraceWorkload(contentsOf: folder) } throws: { "\($0)".contains("longer than") && "\($0)".count < 200 }
  }

  @Test func readingAFileInChunksGivesTheSameTrace() throws {
    let rows = (0..<100_000).map { "\(Double($0) * 0.01),\(1 + $0 % 900),\(1 + $0 % 77)" }
    let text = "arrival_s,prompt_tokens,output_tokens\n" + rows.joined(separator: "\n")  // no final newline
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(text.utf8).write(to: url)
    let fromFile = try TraceWorkload(contentsOf: url)
    #expect(fromFile == (try TraceWorkload(csv: text)))
    #expect(fromFile.count == 100_000)
    #expect(fromFile.prefix(10).count == 10 && fromFile.prefix(1 << 40).count == 100_000)
  }
}

@Suite struct StepInputRobustnessTests {
  @Test func stepCSVAcceptsABOMAndNamesSemicolons() throws {
    let header = "prefill_tokens,decode_tokens,decode_context_sum,step_us"
    #expect(try StepCSVReader.parse("\u{FEFF}\(header)\n10,0,0,100\n").count == 1)
    #expect(throws: StepCSVError.self) { try StepCSVReader.parse("prefill_tokens;decode_tokens;decode_context_sum;step_us\n") }
  }

  /// Infinite, tiny and huge measurements and counts used to be fitted (and written).
  @Test(arguments: ["10,0,0,1e-300", "10,0,0,inf", "10,0,0,1e300", "9223372036854775807,9223372036854775807,0,100"])
  func absurdRowsAreRejected(row: String) {
    #expect { try StepCSVReader.parse("prefill_tokens,decode_tokens,decode_context_sum,step_us\n\(row)\n") }
      throws: { "\($0)".hasPrefix("steps CSV line 2:") && !"\($0)".contains("\n") }
  }

  /// Steps that all have the same shape cannot separate β0, β1 and β2.
  @Test func aRankDeficientFitIsAnError() {
    let samples = (1...20).map {
      CalibrationSample(kind: .mixed, batch: BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: 2 * $0)], decodeCount: $0),
                        prefillShapeKnown: false, measuredMicros: Double(1000 + 30 * $0), line: $0)
    }
    #expect(throws: CalibrationError.underdetermined(rank: 2, needed: 3)) { try BlackboxFitter.fit(samples, form: .reference) }
  }
}
