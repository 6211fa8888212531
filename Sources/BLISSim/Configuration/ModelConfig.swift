/// The architecture numbers of a transformer model, read from a HuggingFace `config.json`.
///
/// Everything the step-time and KV-capacity models need, and nothing else. Sizes are counts
/// (layers, heads, elements); byte widths are bytes per element. Build one with
/// `ModelConfig.parse(data:source:)`.
public struct ModelConfig: Sendable, Equatable, Codable {
  /// `num_hidden_layers`.
  public var layers: Int
  /// `hidden_size` (d).
  public var hidden: Int
  /// `num_attention_heads` (query heads, H).
  public var heads: Int
  /// KV heads (K): `num_key_value_heads` / `num_kv_heads` / `multi_query_group_num`, else H (MHA).
  public var kvHeads: Int
  /// Per-head dimension: `head_dim` when present, else `hidden / heads`.
  public var headDim: Int
  /// Dense FFN width (`intermediate_size`, else `ffn_hidden_size`, else 4·d).
  public var intermediate: Int
  /// `vocab_size`.
  public var vocab: Int
  /// Whether the LM head shares the embedding matrix (`tie_word_embeddings`, default false).
  public var tieWordEmbeddings: Bool
  /// Bytes per element of activations and the KV cache (`torch_dtype` / `dtype`).
  public var dtypeBytes: Double
  /// Bytes per weight parameter: `dtypeBytes` unless `quantization_config` says otherwise
  /// (fp8 → 1, `bits` → bits/8, compressed-tensors `num_bits` → num_bits/8).
  public var weightBytesPerParam: Double
  /// True when activations are quantised too (fp8, w8a8): GEMMs may run at the GPU's FP8/INT8 rate.
  public var quantizedActivations: Bool
  /// Mixture-of-experts layout, nil for dense models.
  public var moe: MoE?
  /// Multi-head latent attention (DeepSeek-V2/V3) sizes, nil for ordinary attention.
  public var mla: MLA?
  /// Longest context the model was trained for (`max_position_embeddings`), the default of
  /// vLLM's `max_model_len`; nil when the config does not say.
  public var maxPositionEmbeddings: Int?

  /// MoE fields. `expertIntermediate` is the per-routed-expert FFN width.
  public struct MoE: Sendable, Equatable, Codable {
    /// Routed experts per MoE layer (E).
    public var experts: Int
    /// Experts each token is routed to (k).
    public var expertsPerToken: Int
    /// FFN width of one routed expert (`moe_intermediate_size`, else `intermediate_size`).
    public var expertIntermediate: Int
    /// Total FFN width of the always-on shared experts (0 when none).
    public var sharedIntermediate: Int
    /// Leading dense layers (`first_k_dense_replace`); they use `intermediate`.
    public var firstDenseLayers: Int
    /// Every `sparseStep`-th layer is MoE (`decoder_sparse_step`, default 1 = all).
    public var sparseStep: Int

    public init(experts: Int, expertsPerToken: Int, expertIntermediate: Int, sharedIntermediate: Int = 0,
                firstDenseLayers: Int = 0, sparseStep: Int = 1) {
      self.experts = experts; self.expertsPerToken = expertsPerToken
      self.expertIntermediate = expertIntermediate; self.sharedIntermediate = sharedIntermediate
      self.firstDenseLayers = firstDenseLayers; self.sparseStep = max(1, sparseStep)
    }
  }

  /// MLA fields (elements). The KV cache holds one latent of `kvLoraRank + qkRopeHeadDim` per token per layer.
  public struct MLA: Sendable, Equatable, Codable {
    public var kvLoraRank: Int
    public var qkRopeHeadDim: Int
    public var qkNopeHeadDim: Int
    public var vHeadDim: Int
    /// `q_lora_rank`, 0 when queries are projected directly.
    public var qLoraRank: Int
    public init(kvLoraRank: Int, qkRopeHeadDim: Int, qkNopeHeadDim: Int, vHeadDim: Int, qLoraRank: Int = 0) {
      self.kvLoraRank = kvLoraRank; self.qkRopeHeadDim = qkRopeHeadDim
      self.qkNopeHeadDim = qkNopeHeadDim; self.vHeadDim = vHeadDim; self.qLoraRank = qLoraRank
    }
  }

  public init(layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int? = nil, intermediate: Int,
              vocab: Int, tieWordEmbeddings: Bool = false, dtypeBytes: Double = 2,
              weightBytesPerParam: Double? = nil, quantizedActivations: Bool = false,
              moe: MoE? = nil, mla: MLA? = nil, maxPositionEmbeddings: Int? = nil) {
    self.layers = layers; self.hidden = hidden; self.heads = heads; self.kvHeads = kvHeads
    self.headDim = headDim ?? (heads > 0 ? hidden / heads : 0)
    self.intermediate = intermediate; self.vocab = vocab; self.tieWordEmbeddings = tieWordEmbeddings
    self.dtypeBytes = dtypeBytes; self.weightBytesPerParam = weightBytesPerParam ?? dtypeBytes
    self.quantizedActivations = quantizedActivations; self.moe = moe; self.mla = mla
    self.maxPositionEmbeddings = maxPositionEmbeddings
  }
}
