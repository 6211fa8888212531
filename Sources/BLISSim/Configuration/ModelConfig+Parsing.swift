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
    case .invalidValue(let s, let f, let v, let a): return "\(s): field '\(f)' = \(ErrorText.excerpt(v)) is invalid (allowed: \(a))"
    }
  }
}

extension ModelConfig {
  /// Largest size field accepted (hidden size, FFN widths, vocabulary, head and latent dims).
  static let maxDimension = 1 << 24
  /// Largest count of layers, heads or experts accepted.
  static let maxCount = 1 << 16
  /// Largest parameter count accepted (a quadrillion: beyond any model, and beyond any GPU memory).
  static let maxParameters = 1e15

  /// Parses a HuggingFace `config.json` and checks that it describes a model that can be simulated.
  ///
  /// `text_config` (multimodal configs) is merged over the top level. `source` names the file in errors.
  /// Required: `num_hidden_layers`, `hidden_size`, `num_attention_heads`, `vocab_size`. A missing
  /// `torch_dtype`/`dtype` means 2 bytes (vLLM's `dtype=auto` serves such checkpoints in 16-bit).
  /// Every size is an integer in 0…2²⁴ (layers, heads and experts 0…2¹⁶), and the shape must be
  /// consistent: the KV heads divide the attention heads, the attention heads divide `hidden_size`
  /// when `head_dim` is not given, top-k ≤ experts, and the derived parameter count is at most 10¹⁵.
  public static func parse(data: Data, source: String) throws(ModelConfigError) -> ModelConfig {
    let top: [String: Any]
    do { top = try parseJSONObject(data) } catch { throw .malformedJSON(source: source, message: error.message) }
    var fields = top
    if let text = top["text_config"] as? [String: Any] {
      for (k, v) in text { fields[k] = v }
    }
    let r = FieldReader(fields: fields, source: source)
    let layers = try r.requiredInt("num_hidden_layers", max: maxCount)
    let hidden = try r.requiredInt("hidden_size", max: maxDimension)
    let heads = try r.requiredInt("num_attention_heads", max: maxCount)
    let vocab = try r.requiredInt("vocab_size", max: maxDimension)
    let kvHeads = try r.firstPositiveInt(["num_key_value_heads", "num_kv_heads", "multi_query_group_num"], max: maxCount) ?? heads
    let explicitHeadDim = try r.optionalInt("head_dim", max: maxDimension).flatMap { $0 > 0 ? $0 : nil }
    let intermediate = try r.firstPositiveInt(["intermediate_size", "ffn_hidden_size"], max: maxDimension) ?? 4 * hidden
    let tie = try r.optionalBool("tie_word_embeddings") ?? false
    let dtypeBytes = try r.dtypeBytes()
    let (weightBytes, quantAct) = try r.quantization(dtypeBytes: dtypeBytes)
    try checkHeads(heads: heads, kvHeads: kvHeads, hidden: hidden, headDimGiven: explicitHeadDim != nil, r: r)
    let headDim = explicitHeadDim ?? hidden / heads

    var moe: MoE?
    if let experts = try r.firstPositiveInt(["num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts"], max: maxCount),
       experts >= 2 {
      guard let k = try r.optionalInt("num_experts_per_tok", max: maxCount), k > 0 else {
        throw .missingField(source: source, field: "num_experts_per_tok")
      }
      guard k <= experts else {
        throw .invalidValue(source: source, field: "num_experts_per_tok", value: "\(k)",
                            allowed: "at most the number of experts (\(experts))")
      }
      let expertF = try r.optionalInt("moe_intermediate_size", max: maxDimension).flatMap { $0 > 0 ? $0 : nil } ?? intermediate
      var shared = try r.optionalInt("shared_expert_intermediate_size", max: maxDimension) ?? 0
      if shared == 0, let n = try r.optionalInt("n_shared_experts", max: maxCount), n > 0 { shared = n * expertF }
      let firstDense = try r.optionalInt("first_k_dense_replace", max: maxCount) ?? 0
      let step = try r.optionalInt("decoder_sparse_step", max: maxCount) ?? 1
      moe = MoE(experts: experts, expertsPerToken: k, expertIntermediate: expertF, sharedIntermediate: shared,
                firstDenseLayers: firstDense, sparseStep: max(1, step))
    }
    var mla: MLA?
    if let rank = try r.optionalInt("kv_lora_rank", max: maxDimension), rank > 0 {
      let rope = try r.optionalInt("qk_rope_head_dim", max: maxDimension) ?? 0
      let nope = try r.optionalInt("qk_nope_head_dim", max: maxDimension) ?? headDim
      let v = try r.optionalInt("v_head_dim", max: maxDimension) ?? headDim
      mla = MLA(kvLoraRank: rank, qkRopeHeadDim: rope, qkNopeHeadDim: nope, vHeadDim: v,
                qLoraRank: try r.optionalInt("q_lora_rank", max: maxDimension) ?? 0)
    }
    let config = ModelConfig(
      layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, headDim: headDim,
      intermediate: intermediate, vocab: vocab, tieWordEmbeddings: tie, dtypeBytes: dtypeBytes,
      weightBytesPerParam: weightBytes, quantizedActivations: quantAct, moe: moe, mla: mla,
      maxPositionEmbeddings: try r.optionalInt("max_position_embeddings", max: Int(Int32.max)).flatMap { $0 > 0 ? $0 : nil })
    guard config.totalParams <= maxParameters else {
      throw .invalidValue(source: source, field: "hidden_size", value: "\(hidden)",
                          allowed: "a model of at most 1e15 parameters (these sizes give \(String(format: "%.3g", config.totalParams)))")
    }
    return config
  }

  /// Attention heads and KV heads must make a real attention layout.
  private static func checkHeads(heads: Int, kvHeads: Int, hidden: Int, headDimGiven: Bool,
                                 r: FieldReader) throws(ModelConfigError) {
    let kvField = ["num_key_value_heads", "num_kv_heads", "multi_query_group_num"].first { r.fields[$0] != nil }
      ?? "num_key_value_heads"
    if kvHeads > heads {
      throw .invalidValue(source: r.source, field: kvField, value: "\(kvHeads)",
                          allowed: "at most num_attention_heads (\(heads))")
    }
    if heads % kvHeads != 0 {
      throw .invalidValue(source: r.source, field: kvField, value: "\(kvHeads)",
                          allowed: "a divisor of num_attention_heads (\(heads))")
    }
    if !headDimGiven && hidden % heads != 0 {
      throw .invalidValue(source: r.source, field: "num_attention_heads", value: "\(heads)",
                          allowed: "a divisor of hidden_size (\(hidden)) when head_dim is not given")
    }
  }
}

/// Typed field access over a decoded JSON object (private to parsing).
private struct FieldReader {
  let fields: [String: Any]
  let source: String

  /// An integer field in 0…`max`, or nil when absent/null. Negative, fractional, huge and
  /// non-number values are errors naming the field and the value as written.
  func optionalInt(_ key: String, max: Int) throws(ModelConfigError) -> Int? {
    guard let v = fields[key], !(v is NSNull) else { return nil }
    guard !isJSONBool(v), let n = v as? NSNumber, n.doubleValue.rounded() == n.doubleValue else {
      throw .wrongType(source: source, field: key, expected: "an integer")
    }
    let value = n.doubleValue
    guard value >= 0, value <= Double(max) else {
      throw .invalidValue(source: source, field: key, value: Self.shown(n), allowed: "an integer in 0…\(max)")
    }
    return Int(value)
  }
  func requiredInt(_ key: String, max: Int) throws(ModelConfigError) -> Int {
    guard let v = try optionalInt(key, max: max) else { throw .missingField(source: source, field: key) }
    guard v > 0 else { throw .invalidValue(source: source, field: key, value: "\(v)", allowed: "a positive integer") }
    return v
  }
  /// The first of `keys` that is present and positive (0 counts as absent, as in HF configs).
  func firstPositiveInt(_ keys: [String], max: Int) throws(ModelConfigError) -> Int? {
    for k in keys { if let v = try optionalInt(k, max: max), v > 0 { return v } }
    return nil
  }
  /// A JSON number as the file wrote it (integers in full, huge values as 1e+300).
  private static func shown(_ n: NSNumber) -> String { ErrorText.excerpt(n.stringValue) }
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
