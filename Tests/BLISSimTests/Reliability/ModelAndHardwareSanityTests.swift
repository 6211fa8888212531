import Foundation
import Testing
@testable import BLISSim

/// Issue 13 items 3 and 10: a config.json or hardware entry that would make no sense (or overflow)
/// is an error naming the field, at parse time.
@Suite struct ModelConfigSanityTests {
  private func parse(_ fields: String) throws(ModelConfigError) -> ModelConfig {
    try ModelConfig.parse(data: Data("{\(fields)}".utf8), source: "cfg.json")
  }
  private let base = #""num_hidden_layers": 2, "vocab_size": 100"#

  private func rejects(_ fields: String, field: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
      let config = try parse(fields)
      Issue.record("accepted: \(config)", sourceLocation: sourceLocation)
    } catch {
      let text = error.description
      #expect(text.contains("'\(field)'") && text.contains(fragment) && !text.contains("\n"), "\(text)",
              sourceLocation: sourceLocation)
    }
  }

  @Test func headsMustDivideHiddenSizeWithoutHeadDim() throws {
    rejects(#"\#(base), "hidden_size": 100, "num_attention_heads": 3"#, field: "num_attention_heads", "divisor of hidden_size (100)")
    // With an explicit head_dim the split need not be even (Gemma-style).
    #expect(try parse(#"\#(base), "hidden_size": 100, "num_attention_heads": 3, "head_dim": 32"#).headDim == 32)
  }

  @Test func kvHeadsMustBeAPositiveDivisorOfHeads() {
    rejects(#"\#(base), "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 3"#, field: "num_key_value_heads", "divisor of num_attention_heads (4)")
    rejects(#"\#(base), "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 8"#, field: "num_key_value_heads", "at most num_attention_heads (4)")
    rejects(#"\#(base), "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": -2"#, field: "num_key_value_heads", "0…65536")
  }

  @Test func topKMustNotExceedTheExperts() {
    rejects(#"\#(base), "hidden_size": 64, "num_attention_heads": 4, "num_local_experts": 8, "num_experts_per_tok": 9"#,
            field: "num_experts_per_tok", "at most the number of experts (8)")
  }

  @Test func negativeLatentDimsAreRejected() {
    for key in ["kv_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim", "q_lora_rank"] {
      let others = key == "kv_lora_rank" ? "" : #", "kv_lora_rank": 512"#
      rejects(#"\#(base), "hidden_size": 64, "num_attention_heads": 4\#(others), "\#(key)": -1"#, field: key, "0…16777216")
    }
  }

  /// `hidden_size: 1e300` used to be read as Int.min and reported as -9223372036854775808.
  @Test func hugeSizesAreReportedAsWritten() {
    rejects(#"\#(base), "hidden_size": 1e300, "num_attention_heads": 4"#, field: "hidden_size", "1e+300")
    rejects(#"\#(base), "hidden_size": 1e15, "num_attention_heads": 4"#, field: "hidden_size", "0…16777216")
    rejects(#""num_hidden_layers": 4611686018427387904, "vocab_size": 100, "hidden_size": 64, "num_attention_heads": 4"#,
            field: "num_hidden_layers", "4611686018427387904")
    rejects(#""num_hidden_layers": 2, "vocab_size": 4611686018427387904, "hidden_size": 64, "num_attention_heads": 4"#,
            field: "vocab_size", "0…16777216")
  }

  /// Every size within its own range, but together beyond any GPU: the derived count is bounded.
  @Test func theParameterCountIsBounded() {
    rejects(#""num_hidden_layers": 65536, "vocab_size": 16777216, "hidden_size": 16777216, "num_attention_heads": 65536, "intermediate_size": 16777216"#,
            field: "hidden_size", "at most 1e15 parameters")
  }

  @Test func everyBundledConfigStillParses() throws {
    let root = TestData.repoRoot.appendingPathComponent("model_configs")
    let folders = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") }
    #expect(folders.count >= 10)
    for folder in folders { _ = try TestData.model(folder) }
  }
}

@Suite struct HardwareSanityTests {
  private func parse(_ json: String) throws(HardwareConfigError) -> HardwareCatalog {
    try HardwareCatalog.parse(data: Data(json.utf8), source: "hw.json")
  }

  /// `"H200": {"aliases": ["H100"]}` used to make `--hardware H100` the H200.
  @Test func anAliasCannotTakeAnotherGPUsName() throws {
    let json = #"{"H100": {"tflopsBF16": 989, "bandwidthTBps": 3.35, "memoryGiB": 80}, "H200": {"tflopsBF16": 989, "bandwidthTBps": 4.8, "memoryGiB": 141, "aliases": ["H100"]}}"#
    #expect { try parse(json) } throws: { "\($0)".contains("'aliases'") && "\($0)".contains("\"H100\" is a GPU entry") }
    // Even built directly, the exact name wins over an alias.
    let catalog = HardwareCatalog(specs: [HardwareSpec(name: "H100", tflopsBF16: 1, bandwidthTBps: 1, memoryGiB: 1),
                                          HardwareSpec(name: "H200", tflopsBF16: 2, bandwidthTBps: 2, memoryGiB: 2)],
                                  aliases: ["H100": "H200", "h100": "H200"])
    #expect(try catalog.spec(named: "H100").name == "H100")
  }

  /// `H100` and `h100` keys: the later one used to win silently.
  @Test func keysDifferingOnlyInCaseAreNamedBoth() {
    let json = #"{"H100": {"tflopsBF16": 989, "bandwidthTBps": 3.35, "memoryGiB": 80}, "h100": {"tflopsBF16": 1, "bandwidthTBps": 1, "memoryGiB": 1}}"#
    #expect { try parse(json) } throws: { "\($0)".contains("\"h100\"") && "\($0)".contains("\"H100\"") && !"\($0)".contains("\n") }
  }

  @Test(arguments: [("bandwidthTBps", "1e-300"), ("memoryGiB", "1e300"), ("tflopsBF16", "1e-300"), ("memoryGiB", "1e-9")])
  func absurdPeaksAreRejected(field: String, value: String) {
    var fields = ["tflopsBF16": "989", "bandwidthTBps": "3.35", "memoryGiB": "80"]
    fields[field] = value
    let json = "{\"X\": {" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}}"
    #expect { try parse(json) } throws: { "\($0)".contains("'\(field.lowercased())'") && "\($0)".contains("a number in [") }
  }

  @Test func theBundledCatalogPasses() throws {
    _ = try TestData.catalog()
  }
}

/// Issue 13 item 10: a step-time model that gives an infinite (or absurd) step is an error before
/// the run, not a clock that ticks 1 µs.
@Suite struct StepTimeBoundTests {
  @Test func anInfiniteBlackboxStepIsAnErrorNamingItsSource() throws {
    let model = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: [1e308, 1e308, 1e308]))
    #expect(model.unroundedStepMicros(for: BatchShape(decodeCount: 256)) == .infinity)
    do throws(StepTimeBoundError) {
      try StepTimeBound.check(model, engine: EngineConfiguration(), source: "--beta-coeffs")
      Issue.record("an infinite step passed")
    } catch {
      #expect(error.description.hasPrefix("--beta-coeffs: the step time for the largest batch"))
      #expect(error.micros == .infinity)
    }
  }

  /// α0 = 1e300 µs used to trap converting the arrival delay to Int64 microseconds.
  @Test func absurdServingDelaysAreErrors() throws {
    let model = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [1e300, 0, 0], beta: [1, 1, 1]))
    let engine = EngineConfiguration(serving: ServingProfile.gpuOnly.blackboxStack(alpha: model.coefficients.alpha))
    #expect { try StepTimeBound.check(model, engine: engine, source: "--alpha-coeffs") }
      throws: { "\($0)".hasPrefix("--alpha-coeffs: the arrival delay") }
  }

  @Test func aRealModelPasses() throws {
    let roofline = RooflineModel(model: try TestData.model("llama-3.1-8b-instruct"), hardware: try TestData.catalog().spec(named: "H100"))
    try StepTimeBound.check(roofline, engine: EngineConfiguration(maxModelLen: 131_072), source: "roofline")
  }

  /// A GPU at the edge of the accepted ranges still gives finite steps (no infinity from parsing).
  @Test func theSlowestAcceptedGPUGivesFiniteSteps() throws {
    let slow = HardwareSpec(name: "slow", tflopsBF16: 0.001, bandwidthTBps: 0.0001, memoryGiB: 1_000_000)
    let roofline = RooflineModel(model: try TestData.model("llama-3.1-70b-instruct"), hardware: slow)
    #expect(roofline.unroundedStepMicros(for: StepTimeBound.largestBatch(maxNumBatchedTokens: 10_000_000, maxNumSeqs: 65_536,
                                                                         maxContextTokens: 100_000_000)).isFinite)
  }
}
