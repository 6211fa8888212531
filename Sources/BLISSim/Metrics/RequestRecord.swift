/// How a request left the system.
public enum RequestOutcome: String, Sendable, Hashable, Codable {
  case completed
  /// Its prompt needs more KV blocks than the instance has, or it outgrew the whole cache.
  case droppedUnservable = "dropped_unservable"
  /// Its prompt is at least `max_model_len` tokens.
  case rejectedTooLong = "rejected_too_long"
  /// Refused by admission control.
  case rejectedByAdmission = "rejected_by_admission"
}

/// One finished request, delivered to a `RequestRecordSink` and not kept by the engine.
///
/// Times are from the request's original arrival at the client, to the client-side delivery of its
/// stream chunks (see `Instance+Step`). For requests that did not complete, latency fields are 0.
public struct RequestRecord: Sendable, Hashable, Codable {
  public var id: Int
  public var outcome: RequestOutcome
  /// Instance index, or -1 if never routed.
  public var instance: Int
  public var arrivalSeconds: Double
  /// Arrival → start of the step that (last) admitted it into the running batch.
  public var schedulingDelayMicros: Int64
  /// Arrival → first output token emitted (after the last preemption).
  public var ttftMicros: Int64
  /// Σ of gaps between consecutive stream chunks (= last chunk − first chunk).
  public var itlSumMicros: Int64
  /// Number of gaps between chunks (chunks − 1; output tokens − 1 unless tokens arrive in chunks of
  /// several, as with multi-step scheduling).
  public var itlCount: Int
  /// Arrival → last output token emitted.
  public var e2eMicros: Int64
  public var inputTokens: Int
  public var outputTokens: Int
  /// Prompt tokens served from the prefix cache at the last admission.
  public var cachedPromptTokens: Int
  public var preemptions: Int

  public init(id: Int, outcome: RequestOutcome, instance: Int, arrivalSeconds: Double, schedulingDelayMicros: Int64,
              ttftMicros: Int64, itlSumMicros: Int64, itlCount: Int, e2eMicros: Int64, inputTokens: Int,
              outputTokens: Int, cachedPromptTokens: Int, preemptions: Int) {
    self.id = id; self.outcome = outcome; self.instance = instance; self.arrivalSeconds = arrivalSeconds
    self.schedulingDelayMicros = schedulingDelayMicros; self.ttftMicros = ttftMicros; self.itlSumMicros = itlSumMicros
    self.itlCount = itlCount; self.e2eMicros = e2eMicros; self.inputTokens = inputTokens
    self.outputTokens = outputTokens; self.cachedPromptTokens = cachedPromptTokens; self.preemptions = preemptions
  }

  /// Time per output token after the first: (E2E − TTFT) / (outputs − 1); 0 for one output
  /// (benchmark_serving's TPOT).
  public var tpotMicros: Double { outputTokens > 1 ? Double(itlSumMicros) / Double(outputTokens - 1) : 0 }

  enum CodingKeys: String, CodingKey {
    case id, outcome, instance, arrivalSeconds = "arrival_s", schedulingDelayMicros = "scheduling_delay_us"
    case ttftMicros = "ttft_us", itlSumMicros = "itl_sum_us", itlCount = "itl_count", e2eMicros = "e2e_us"
    case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedPromptTokens = "cached_prompt_tokens"
    case preemptions
  }
}

/// Receives each request's record when it leaves the system (completed, dropped or rejected),
/// in the order they leave. Used by `blis run --requests-out` to stream JSONL.
public protocol RequestRecordSink {
  mutating func record(_ record: RequestRecord)
  /// False when `record` ignores every record: the engine then does not hand them over (the
  /// summary is the same). Defaults to true.
  static var readsRecords: Bool { get }
}

extension RequestRecordSink {
  public static var readsRecords: Bool { true }
}

/// A sink that ignores records.
public struct DiscardingRecordSink: RequestRecordSink {
  public init() {}
  public mutating func record(_ record: RequestRecord) {}
  public static var readsRecords: Bool { false }
}

/// A sink that keeps every record in memory (tests, small runs).
public struct CollectingRecordSink: RequestRecordSink {
  public var records: [RequestRecord] = []
  public init() {}
  public mutating func record(_ record: RequestRecord) { records.append(record) }
}
