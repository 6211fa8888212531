import Foundation

/// Why a `config.json` could not be read. Each description is one line naming the file and field.
public enum ModelConfigError: Error, Equatable, CustomStringConvertible {
  /// The bytes are not a JSON object; `message` is the parser's.
  case malformedJSON(source: String, message: String)
  /// A required field is absent (or zero where a positive number is needed).
  case missingField(source: String, field: String)
  /// A field has the wrong JSON type; `expected` names the allowed type.
  case wrongType(source: String, field: String, expected: String)
  /// A field has a value outside what the models support.
  case invalidValue(source: String, field: String, value: String, allowed: String)

  public var description: String {
    switch self {
    case .malformedJSON(let s, let m): return "\(s): not a valid JSON object: \(m)"
    case .missingField(let s, let f): return "\(s): missing required field '\(f)'"
    case .wrongType(let s, let f, let e): return "\(s): field '\(f)' must be \(e)"
    case .invalidValue(let s, let f, let v, let a): return "\(s): field '\(f)' = \(v) is invalid (allowed: \(a))"
    }
  }
}

extension ModelConfig {
  /// Parses a HuggingFace `config.json`.
  ///
  /// `text_config` (multimodal configs) is merged over the top level. `source` names the file in errors.
  /// Required: `num_hidden_layers`, `hidden_size`, `num_attention_heads`, `vocab_size`. A missing
  /// `torch_dtype`/`dtype` means 2 bytes (vLLM's `dtype=auto` serves such checkpoints in 16-bit).
  public static func parse(data: Data, source: String) throws(ModelConfigError) -> ModelConfig {
    let top: [String: Any]
    do { top = try parseJSONObject(data) } catch { throw .malformedJSON(source: source, message: error.message) }
    var fields = top
    if let text = top["text_config"] as? [String: Any] {
      for (k, v) in text { fields[k] = v }
    }
    let r = FieldReader(fields: fields, source: source)
    let layers = try r.requiredInt("num_hidden_layers")
    let hidden = try r.requiredInt("hidden_size")
    let heads = try r.requiredInt("num_attention_heads")
    let vocab = try r.requiredInt("vocab_size")
    let kvHeads = try r.firstPositiveInt(["num_key_value_heads", "num_kv_heads", "multi_query_group_num"]) ?? heads
    let headDim = try r.optionalInt("head_dim").flatMap { $0 > 0 ? $0 : nil } ?? (hidden / heads)
    let intermediate = try r.firstPositiveInt(["intermediate_size", "ffn_hidden_size"]) ?? 4 * hidden
    let tie = try r.optionalBool("tie_word_embeddings") ?? false
    let dtypeBytes = try r.dtypeBytes()
    let (weightBytes, quantAct) = try r.quantization(dtypeBytes: dtypeBytes)

    var moe: MoE?
    if let experts = try r.firstPositiveInt(["num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts"]),
       experts >= 2 {
      guard let k = try r.optionalInt("num_experts_per_tok"), k > 0 else {
        throw .missingField(source: source, field: "num_experts_per_tok")
      }
      let expertF = try r.optionalInt("moe_intermediate_size").flatMap { $0 > 0 ? $0 : nil } ?? intermediate
      var shared = try r.optionalInt("shared_expert_intermediate_size") ?? 0
      if shared == 0, let n = try r.optionalInt("n_shared_experts"), n > 0 { shared = n * expertF }
      let firstDense = try r.optionalInt("first_k_dense_replace") ?? 0
      if firstDense < 0 {
        throw .invalidValue(source: source, field: "first_k_dense_replace", value: "\(firstDense)", allowed: "≥ 0")
      }
      let step = try r.optionalInt("decoder_sparse_step") ?? 1
      moe = MoE(experts: experts, expertsPerToken: k, expertIntermediate: expertF, sharedIntermediate: shared,
                firstDenseLayers: firstDense, sparseStep: max(1, step))
    }
    var mla: MLA?
    if let rank = try r.optionalInt("kv_lora_rank"), rank > 0 {
      let rope = try r.optionalInt("qk_rope_head_dim") ?? 0
      let nope = try r.optionalInt("qk_nope_head_dim") ?? headDim
      let v = try r.optionalInt("v_head_dim") ?? headDim
      mla = MLA(kvLoraRank: rank, qkRopeHeadDim: rope, qkNopeHeadDim: nope, vHeadDim: v,
                qLoraRank: try r.optionalInt("q_lora_rank") ?? 0)
    }
    return ModelConfig(layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, headDim: headDim,
                       intermediate: intermediate, vocab: vocab, tieWordEmbeddings: tie, dtypeBytes: dtypeBytes,
                       weightBytesPerParam: weightBytes, quantizedActivations: quantAct, moe: moe, mla: mla,
                       maxPositionEmbeddings: try r.optionalInt("max_position_embeddings").flatMap { $0 > 0 ? $0 : nil })
  }
}

/// Typed field access over a decoded JSON object (private to parsing).
private struct FieldReader {
  let fields: [String: Any]
  let source: String

  func optionalInt(_ key: String) throws(ModelConfigError) -> Int? {
    guard let v = fields[key], !(v is NSNull) else { return nil }
    if !isJSONBool(v), let n = v as? NSNumber, n.doubleValue.rounded() == n.doubleValue {
      return n.intValue
    }
    throw .wrongType(source: source, field: key, expected: "an integer")
  }
  func requiredInt(_ key: String) throws(ModelConfigError) -> Int {
    guard let v = try optionalInt(key) else { throw .missingField(source: source, field: key) }
    guard v > 0 else { throw .invalidValue(source: source, field: key, value: "\(v)", allowed: "a positive integer") }
    return v
  }
  func firstPositiveInt(_ keys: [String]) throws(ModelConfigError) -> Int? {
    for k in keys { if let v = try optionalInt(k), v > 0 { return v } }
    return nil
  }
  func optionalBool(_ key: String) throws(ModelConfigError) -> Bool? {
    guard let v = fields[key], !(v is NSNull) else { return nil }
    guard isJSONBool(v), let n = v as? NSNumber else {
      throw .wrongType(source: source, field: key, expected: "true or false")
    }
    return n.boolValue
  }

  static let dtypes: [String: Double] = [
    "float32": 4, "float": 4, "float16": 2, "half": 2, "bfloat16": 2, "fp16": 2, "bf16": 2,
    "float8_e4m3fn": 1, "fp8": 1, "int8": 1, "uint8": 1,
  ]
  func dtypeBytes() throws(ModelConfigError) -> Double {
    for key in ["torch_dtype", "dtype"] {
      guard let v = fields[key], !(v is NSNull) else { continue }
      guard let s = v as? String else { throw .wrongType(source: source, field: key, expected: "a string") }
      let name = s.lowercased().replacingOccurrences(of: "torch.", with: "")
      guard let b = Self.dtypes[name] else {
        throw .invalidValue(source: source, field: key, value: s, allowed: Self.dtypes.keys.sorted().joined(separator: ", "))
      }
      return b
    }
    return 2  // absent: vLLM's dtype=auto serves such checkpoints in 16-bit
  }

  /// (weight bytes per parameter, activations quantised) from `quantization_config`.
  func quantization(dtypeBytes: Double) throws(ModelConfigError) -> (Double, Bool) {
    guard let q = fields["quantization_config"], !(q is NSNull) else { return (dtypeBytes, false) }
    guard let qc = q as? [String: Any] else {
      throw .wrongType(source: source, field: "quantization_config", expected: "an object")
    }
    let method = (qc["quant_method"] as? String)?.lowercased() ?? ""
    if let bits = Self.number(qc["bits"]) ?? Self.number(qc["w_bit"]) ?? Self.number(qc["weight_bits"]) {
      guard bits > 0, bits <= 32 else {
        throw .invalidValue(source: source, field: "quantization_config.bits", value: "\(bits)", allowed: "1…32")
      }
      return (bits / 8, false)
    }
    if method == "fp8" || method == "fbgemm_fp8" { return (1, true) }
    if method == "compressed-tensors", let groups = qc["config_groups"] as? [String: Any] {
      for key in groups.keys.sorted() {
        guard let g = groups[key] as? [String: Any], let w = g["weights"] as? [String: Any],
              let bits = Self.number(w["num_bits"]) else { continue }
        let inputBits = (g["input_activations"] as? [String: Any]).flatMap { Self.number($0["num_bits"]) }
        return (bits / 8, inputBits.map { $0 <= 8 } ?? false)
      }
    }
    return (dtypeBytes, false)
  }
  private static func number(_ v: Any?) -> Double? {
    if let v, !isJSONBool(v), let n = v as? NSNumber { return n.doubleValue }
    if let s = v as? String { return Double(s) }
    return nil
  }
}
