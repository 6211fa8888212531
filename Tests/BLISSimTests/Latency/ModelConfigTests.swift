import Foundation
import Testing
@testable import BLISSim

@Suite struct ModelConfigTests {
  struct Expected: Sendable, CustomStringConvertible {
    var dir: String, layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int, experts: Int?
    var description: String { dir }
  }
  static let bundled: [Expected] = [
    .init(dir: "llama-3.1-8b-instruct", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "llama-3.1-70b-instruct", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "llama-3.3-70b-instruct", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "llama-2-7b-hf", layers: 32, hidden: 4096, heads: 32, kvHeads: 32, headDim: 128, experts: nil),
    .init(dir: "llama-2-70b-hf", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "codellama-34b-instruct-hf", layers: 48, hidden: 8192, heads: 64, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "mistral-nemo-instruct-2407", layers: 40, hidden: 5120, heads: 32, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "mixtral-8x7b-v0.1", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, experts: 8),
    .init(dir: "qwen2.5-7b-instruct", layers: 28, hidden: 3584, heads: 28, kvHeads: 4, headDim: 128, experts: nil),
    .init(dir: "qwen3-14b", layers: 40, hidden: 5120, heads: 40, kvHeads: 8, headDim: 128, experts: nil),
    .init(dir: "qwen3-30b-a3b", layers: 48, hidden: 2048, heads: 32, kvHeads: 4, headDim: 128, experts: 128),
    .init(dir: "deepseek-v2-lite", layers: 27, hidden: 2048, heads: 16, kvHeads: 16, headDim: 128, experts: 64),
  ]

  @Test(arguments: bundled)
  func bundledConfigParses(_ e: Expected) throws {
    let c = try TestData.model(e.dir)
    #expect(c.layers == e.layers && c.hidden == e.hidden && c.heads == e.heads)
    #expect(c.kvHeads == e.kvHeads && c.headDim == e.headDim)
    #expect(c.moe?.experts == e.experts)
  }

  @Test func llama8bWeightBytesMatchTheMeasuredModel() throws {
    // stepbench model_info: weight_bytes 16060522496 for Llama-3.1-8B.
    #expect(try TestData.model("llama-3.1-8b-instruct").weightBytes == 16_060_522_496)
  }
  @Test func moeAndMLAFields() throws {
    let ds = try TestData.model("deepseek-v2-lite")
    #expect(ds.moe == ModelConfig.MoE(experts: 64, expertsPerToken: 6, expertIntermediate: 1408,
                                      sharedIntermediate: 2816, firstDenseLayers: 1))
    #expect(ds.moeLayerCount == 26)
    #expect(ds.mla?.kvLoraRank == 512)
    let q3 = try TestData.model("qwen3-30b-a3b")
    #expect(q3.moe?.expertsPerToken == 8 && q3.moe?.expertIntermediate == 768)
  }

  func parse(_ json: String) throws(ModelConfigError) -> ModelConfig {
    try ModelConfig.parse(data: Data(json.utf8), source: "cfg.json")
  }
  let base = #""num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100, "torch_dtype": "bfloat16""#

  @Test func textConfigIsMergedAndHeadDimDefaults() throws {
    let c = try parse(#"{"text_config": {\#(base), "num_key_value_heads": 2}, "torch_dtype": "float32"}"#)
    #expect(c.kvHeads == 2 && c.headDim == 16 && c.dtypeBytes == 2 && c.intermediate == 256)
  }
  @Test func quantizationConfigs() throws {
    #expect(try parse(#"{\#(base), "quantization_config": {"quant_method": "fp8"}}"#).weightBytesPerParam == 1)
    #expect(try parse(#"{\#(base), "quantization_config": {"quant_method": "gptq", "bits": 4}}"#).weightBytesPerParam == 0.5)
    let ct = try parse(#"{\#(base), "quantization_config": {"quant_method": "compressed-tensors", "config_groups": {"group_0": {"weights": {"num_bits": 8}, "input_activations": {"num_bits": 8}}}}}"#)
    #expect(ct.weightBytesPerParam == 1 && ct.quantizedActivations)
  }
  @Test func missingFieldIsNamed() {
    #expect(throws: ModelConfigError.missingField(source: "cfg.json", field: "hidden_size")) {
      try parse(#"{"num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100, "torch_dtype": "bfloat16"}"#)
    }
  }
  @Test func wrongTypeIsNamed() {
    #expect(throws: ModelConfigError.wrongType(source: "cfg.json", field: "num_hidden_layers", expected: "an integer")) {
      try parse(#"{"num_hidden_layers": "two", "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100, "torch_dtype": "bfloat16"}"#)
    }
  }
  @Test func unknownDtypeAndMalformedJSON() {
    #expect { try parse(#"{"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100, "torch_dtype": "int3"}"#) }
      throws: { "\($0)".contains("torch_dtype") && "\($0)".contains("int3") }
    #expect { try parse("{not json") } throws: { error in
      guard case ModelConfigError.malformedJSON(let s, _) = error else { return false }
      return s == "cfg.json"
    }
  }
  @Test func sparseStepAndLeadingDenseLayers() throws {
    let c = try parse(#"{"num_hidden_layers": 6, "hidden_size": 64, "num_attention_heads": 4, "vocab_size": 100, "num_experts": 4, "num_experts_per_tok": 2, "decoder_sparse_step": 2, "first_k_dense_replace": 2}"#)
    // Layers 2…5 are eligible; of those, 3 and 5 have (i+1) divisible by 2.
    #expect(c.moeLayerCount == 2 && c.denseLayerCount == 4)
  }
  @Test func moeWithoutTopKIsAnError() {
    #expect(throws: ModelConfigError.missingField(source: "cfg.json", field: "num_experts_per_tok")) {
      try parse(#"{\#(base), "num_local_experts": 8}"#)
    }
  }
}

/// Parameter counts against the sizes the model cards publish (billions).
@Suite struct ModelParameterCountTests {
  static let published: [(String, Double)] = [
    ("llama-3.1-8b-instruct", 8.03), ("llama-3.1-70b-instruct", 70.55), ("llama-2-7b-hf", 6.74),
    ("llama-2-70b-hf", 68.98), ("codellama-34b-instruct-hf", 33.74), ("mistral-nemo-instruct-2407", 12.25),
    ("mixtral-8x7b-v0.1", 46.70), ("qwen2.5-7b-instruct", 7.62), ("qwen3-14b", 14.77),
    ("qwen3-30b-a3b", 30.53), ("deepseek-v2-lite", 15.71),
  ]
  @Test(arguments: published.map { $0.0 })
  func parameterCountMatchesModelCard(_ dir: String) throws {
    let expected = try #require(Self.published.first { $0.0 == dir }).1
    let billions = Double(try TestData.model(dir).totalParams) / 1e9
    #expect(abs(billions - expected) / expected < 0.02, "\(dir): \(billions)B vs \(expected)B")
  }
}
