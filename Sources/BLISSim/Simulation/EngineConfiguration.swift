/// How the simulated serving system is built: instances, vLLM scheduler limits, KV cache,
/// routing and admission. A value; `validated()` checks every field.
public struct EngineConfiguration: Sendable, Hashable, Codable {
  /// Identical vLLM servers behind the router (≥ 1).
  public var instances: Int
  /// vLLM `max_num_seqs`: most requests in one step's batch (reference `max-num-running-reqs`).
  public var maxNumSeqs: Int
  /// vLLM `max_num_batched_tokens`: token budget of one step (reference `max-num-scheduled-tokens`).
  public var maxNumBatchedTokens: Int
  /// Per-request prefill chunk cap per step; 0 = off (chunks are still capped by the budget).
  public var longPrefillTokenThreshold: Int
  /// Longest sequence (prompt + output) a request may have; prompts of this length or longer are
  /// rejected, outputs are capped so prompt + output ≤ this. nil = unlimited.
  public var maxModelLen: Int?
  /// Tokens per KV block (PagedAttention block size).
  public var blockSizeTokens: Int
  /// KV blocks of one instance (from the KV-capacity function or `--total-kv-blocks`).
  public var totalKVBlocksPerInstance: Int
  /// Automatic prefix caching (on by default, like vLLM v1).
  public var enablePrefixCaching: Bool
  public var routing: RoutingPolicy
  public var admission: AdmissionPolicy
  /// How often the router's view of queue depth, batch size and KV usage is refreshed (like a
  /// metrics scrape; llm-d uses 50 ms). Zero = always current. Outstanding-request counts and the
  /// prefix index are router-owned and always current.
  public var snapshotRefreshInterval: SimDuration
  /// Gateway delay between a request's arrival and its admission decision.
  public var admissionLatency: SimDuration
  /// Gateway delay between admission and the routing decision (the request reaches its
  /// instance then; TTFT still counts from the original arrival).
  public var routingLatency: SimDuration
  /// Events after this time are not executed; nil = run until the workload is exhausted.
  public var horizon: SimTime?
  /// Master seed of the engine's random streams (router tie-breaks) and the default workload seed.
  public var seed: UInt64
  /// vLLM `--enable-chunked-prefill`: prompts may be split across steps under the token budget. Off:
  /// prompts are scheduled whole (`serving.engineLoop.unchunkedPrefill` says how), so the budget must
  /// hold the longest prompt.
  public var chunkedPrefill: Bool
  /// The serving stack around the GPU (front end, engine loop, host CPU, output path).
  public var serving: ServingStack

  public init(instances: Int = 1, maxNumSeqs: Int = 256, maxNumBatchedTokens: Int = 2048,
              longPrefillTokenThreshold: Int = 0, maxModelLen: Int? = nil, blockSizeTokens: Int = 16,
              totalKVBlocksPerInstance: Int = 100_000, enablePrefixCaching: Bool = true,
              routing: RoutingPolicy = .roundRobin, admission: AdmissionPolicy = .alwaysAdmit,
              snapshotRefreshInterval: SimDuration = .zero, admissionLatency: SimDuration = .zero,
              routingLatency: SimDuration = .zero, horizon: SimTime? = nil, seed: UInt64 = 42,
              chunkedPrefill: Bool = true, serving: ServingStack = .gpuOnly) {
    self.instances = instances; self.maxNumSeqs = maxNumSeqs; self.maxNumBatchedTokens = maxNumBatchedTokens
    self.longPrefillTokenThreshold = longPrefillTokenThreshold; self.maxModelLen = maxModelLen
    self.blockSizeTokens = blockSizeTokens; self.totalKVBlocksPerInstance = totalKVBlocksPerInstance
    self.enablePrefixCaching = enablePrefixCaching; self.routing = routing; self.admission = admission
    self.snapshotRefreshInterval = snapshotRefreshInterval
    self.admissionLatency = admissionLatency; self.routingLatency = routingLatency
    self.horizon = horizon; self.seed = seed
    self.chunkedPrefill = chunkedPrefill; self.serving = serving
  }

  /// Returns `self` if every field is in range, else throws an `EngineConfigurationError`
  /// naming the first bad field.
  public func validated() throws -> EngineConfiguration {
    func check(_ ok: Bool, _ field: String, _ value: CustomStringConvertible, _ allowed: String) throws {
      if !ok { throw EngineConfigurationError(field: field, value: value.description, allowed: allowed) }
    }
    try check((1...4096).contains(instances), "instances", instances, "1...4096")
    try check((1...65_536).contains(maxNumSeqs), "max_num_seqs", maxNumSeqs, "1...65536")
    try check((1...10_000_000).contains(maxNumBatchedTokens), "max_num_batched_tokens", maxNumBatchedTokens,
              "1...10000000")
    try check(longPrefillTokenThreshold >= 0, "long_prefill_token_threshold", longPrefillTokenThreshold,
              "≥ 0 (0 = off)")
    if let len = maxModelLen { try check(len >= 2, "max_model_len", len, "≥ 2") }
    try check((1...4096).contains(blockSizeTokens), "block_size_tokens", blockSizeTokens, "1...4096")
    try check((1...100_000_000).contains(totalKVBlocksPerInstance), "total_kv_blocks", totalKVBlocksPerInstance,
              "1...100000000")
    try check(snapshotRefreshInterval.microseconds >= 0, "snapshot_refresh_interval",
              snapshotRefreshInterval.seconds, "≥ 0 s")
    try check(admissionLatency.microseconds >= 0, "admission_latency", admissionLatency.seconds, "≥ 0 s")
    try check(routingLatency.microseconds >= 0, "routing_latency", routingLatency.seconds, "≥ 0 s")
    if let h = horizon { try check(h.microseconds > 0, "horizon", h.seconds, "> 0 s") }
    if !chunkedPrefill, let len = maxModelLen {
      try check(maxNumBatchedTokens >= len, "max_num_batched_tokens", maxNumBatchedTokens,
                "≥ max_model_len (\(len)) without chunked prefill, so every prompt fits one step")
    }
    let k = serving.engineLoop.multiStep
    try check((1...64).contains(k), "num_scheduler_steps", k, "1...64")
    if k > 1 {
      try check(serving.engineLoop.mode == .sync, "num_scheduler_steps", k,
                "1 with an async engine loop (multi-step scheduling is a synchronous vLLM V0 feature)")
      try check(!chunkedPrefill, "num_scheduler_steps", k, "1 with chunked prefill (as in vLLM 0.6.0)")
    }
    try routing.validate()
    try admission.validate()
    return self
  }
}

/// A configuration field out of range. The description is one line: field, value, allowed range.
public struct EngineConfigurationError: Error, Equatable, CustomStringConvertible {
  public var field: String
  public var value: String
  public var allowed: String
  public init(field: String, value: String, allowed: String) {
    self.field = field; self.value = value; self.allowed = allowed
  }
  public var description: String { "invalid \(field): \(value) (allowed: \(allowed))" }
}
