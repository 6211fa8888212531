/// KV-cache statistics of one instance, or of the cluster on the same per-instance basis: one
/// instance's blocks, the busiest instance's peak and the average instance's mean (so peak ≥ mean
/// and both divide by `totalBlocks` into a fraction of one instance's cache).
public struct KVStats: Sendable, Hashable, Codable {
  public var totalBlocks: Int
  public var peakUsedBlocks: Int
  /// Time-weighted mean of used blocks over the run.
  public var meanUsedBlocks: Double
  /// Prefix-cache hit rate in blocks: hits / (hits + misses).
  public var prefixHitRate: Double
  public var preemptions: Int

  public init(totalBlocks: Int = 0, peakUsedBlocks: Int = 0, meanUsedBlocks: Double = 0, prefixHitRate: Double = 0,
              preemptions: Int = 0) {
    self.totalBlocks = totalBlocks; self.peakUsedBlocks = peakUsedBlocks; self.meanUsedBlocks = meanUsedBlocks
    self.prefixHitRate = prefixHitRate; self.preemptions = preemptions
  }
  enum CodingKeys: String, CodingKey {
    case totalBlocks = "total_blocks", peakUsedBlocks = "peak_used_blocks", meanUsedBlocks = "mean_used_blocks"
    case prefixHitRate = "prefix_hit_rate", preemptions
  }
}

/// Results of one instance, or of the whole cluster (`id == "cluster"`).
public struct MetricsSummary: Sendable, Hashable, Codable {
  public var id: String
  /// Requests routed here (cluster: admitted)
  /// = completed + stillQueued + stillRunning + droppedUnservable + rejectedTooLong.
  public var injectedRequests: Int
  public var completedRequests: Int
  public var stillQueued: Int
  public var stillRunning: Int
  /// Requests that could never fit in the KV cache (dropped at enqueue).
  public var droppedUnservable: Int
  /// Requests longer than `max_model_len` (rejected at enqueue).
  public var rejectedTooLong: Int
  /// Requests refused by admission control (cluster row only).
  public var rejectedByAdmission: Int
  /// Requests whose output was capped so prompt + output fits `max_model_len`.
  public var lengthCappedRequests: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var cachedPromptTokens: Int
  public var durationSeconds: Double
  public var requestsPerSecond: Double
  public var inputTokensPerSecond: Double
  public var outputTokensPerSecond: Double
  public var ttft: LatencyStats
  /// Inter-token latency, all gaps pooled.
  public var itl: LatencyStats
  /// Per-request time per output token, (E2E − TTFT) / (outputs − 1).
  public var tpot: LatencyStats
  public var e2e: LatencyStats
  public var schedulingDelay: LatencyStats
  public var kv: KVStats
  /// Mean number of requests in a step's batch.
  public var meanBatchSize: Double
  public var steps: Int

  public init(id: String) {
    self.id = id
    injectedRequests = 0; completedRequests = 0; stillQueued = 0; stillRunning = 0; droppedUnservable = 0
    rejectedTooLong = 0; rejectedByAdmission = 0; lengthCappedRequests = 0; inputTokens = 0; outputTokens = 0; cachedPromptTokens = 0
    durationSeconds = 0; requestsPerSecond = 0; inputTokensPerSecond = 0; outputTokensPerSecond = 0
    ttft = .empty; itl = .empty; tpot = .empty; e2e = .empty; schedulingDelay = .empty; kv = KVStats()
    meanBatchSize = 0; steps = 0
  }

  enum CodingKeys: String, CodingKey {
    case id, injectedRequests = "injected_requests", completedRequests = "completed_requests"
    case stillQueued = "still_queued", stillRunning = "still_running", droppedUnservable = "dropped_unservable"
    case rejectedTooLong = "rejected_too_long", rejectedByAdmission = "rejected_by_admission"
    case lengthCappedRequests = "length_capped_requests"
    case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedPromptTokens = "cached_prompt_tokens"
    case durationSeconds = "duration_s", requestsPerSecond = "requests_per_s"
    case inputTokensPerSecond = "input_tokens_per_s", outputTokensPerSecond = "output_tokens_per_s"
    case ttft, itl, tpot, e2e, schedulingDelay = "scheduling_delay", kv
    case meanBatchSize = "mean_batch_size", steps
  }
}

/// The result of a run: a Codable value with stable field names (units in the names).
public struct RunReport: Sendable, Hashable, Codable {
  /// Human description of the latency model and its inputs (config path, GPU entry, coefficient row).
  public var latencyModel: String
  /// The serving stack the run used (`ServingStack.profileName`, e.g. "vllm-0.14").
  public var servingProfile: String
  public var seed: UInt64
  /// Simulated time at the end of the run.
  public var simulatedSeconds: Double
  public var cluster: MetricsSummary
  public var instances: [MetricsSummary]
  /// When set, the throughputs above (`requests_per_s`, `input_tokens_per_s`,
  /// `output_tokens_per_s`) are over this measurement window (`measuredOverArrivals`), not over
  /// the whole simulated time.
  public var arrivalWindow: ArrivalWindowStats?

  public init(latencyModel: String, servingProfile: String = "", seed: UInt64, simulatedSeconds: Double,
              cluster: MetricsSummary, instances: [MetricsSummary], arrivalWindow: ArrivalWindowStats? = nil) {
    self.latencyModel = latencyModel; self.servingProfile = servingProfile; self.seed = seed
    self.simulatedSeconds = simulatedSeconds
    self.cluster = cluster; self.instances = instances; self.arrivalWindow = arrivalWindow
  }
  enum CodingKeys: String, CodingKey {
    case latencyModel = "latency_model", servingProfile = "serving_profile", seed, simulatedSeconds = "simulated_s"
    case cluster, instances, arrivalWindow = "arrival_window"
  }
}
