/// The peak memory of one simulation run, estimated before it runs, so a run that cannot fit is
/// refused with an error instead of being killed by the kernel.
///
/// The model, calibrated with `blis bench` and `/usr/bin/time -v blis run …` (release build; the
/// README's Reliability section shows the commands):
///
///     peak ≈ base + instances × (perInstance + maxNumSeqs × perSequence + identified × perBlock)
///            + perWaitingRequest × safety × expected peak waiting
///
/// - **base**: the process, the data files, the step-time memo and the metrics' histograms;
/// - **per instance**: its state and metrics, a request slot per sequence it may run
///   (`--max-num-seqs`) and, with prefix caching and prompts that can be shared (shared prefixes
///   or a trace), an identified KV block for each cached prompt block, at most
///   `--total-kv-blocks` (other blocks are only counted, see `KVCache`);
/// - **waiting requests**: every arrival the deployment cannot serve yet is a few bytes, encoded
///   relative to the request queued before it in 4 KiB chunks (`PackedRequestQueue`); how many
///   wait at the peak comes from the arrival rate against `SaturationEstimate` (`QueueGrowth`),
///   times a safety factor for the estimate's error. A deployment that keeps up holds none, so memory does not grow with the
///   number of requests.
///
/// Per-request records are streamed (`--requests-out` writes each line as it completes) and
/// latency summaries are fixed-size histograms, so neither adds per-request memory; `blis
/// validate` keeps every record of its replay (`collectsRecords`, ~224 bytes each). The one
/// recorder that does, the interactive planner's time series (8 bytes per completed request),
/// runs capped probes only. A replayed trace is already in memory (24 bytes per row) when the
/// plan exists and is not counted again. A capacity probe keeps its generated requests to replay
/// them and reads its search's shared workload draws (`ProbeRun`, `WorkloadDraws`: up to 200,000
/// requests each), counted when `capacityProbe`.
public struct MemoryEstimate: Sendable, Equatable {
  /// Measured: 37.4 MiB peak for 1,000 requests on 4 instances.
  public static let baseBytes = 40.0 * 1_048_576
  /// Measured: 16 KiB per instance (4,096 instances, 1,000 requests: 101.6 MiB); twice that.
  public static let bytesPerInstance = 32.0 * 1024
  /// A running request's slot, progress and batch entries (allocated as the batch fills).
  public static let bytesPerSequenceSlot = 256.0
  /// Reference count, hash, LRU links (20 bytes) and a hash table kept under 1/4 full (16-byte
  /// entries), arrays that double as they grow.
  public static let bytesPerIdentifiedBlock = 192.0
  /// A never-run request, byte-encoded relative to the one before it (`PackedRequestCoding`).
  /// Measured: 9.4 bytes (`blis bench --requests 1000000 10000000 --rate 105.3`, release build:
  /// 41.0 → 59.6 MiB as the queue at the end grows from 0.23 M to 2.3 M requests); a prompt seed
  /// that is not the workload's per-id rule adds 8 bytes and varying lengths 2 each, so ~22 bytes
  /// at worst in practice (59 for arbitrary values), plus 1.5 % chunk slack.
  public static let bytesPerWaitingRequest = 24.0
  /// The oldest never-run requests of an instance (up to `WaitQueue.defaultHeldLimit`) keep their
  /// slot (`RequestState` + `RequestProgress`, 176 bytes, and 4 in the queue), up to twice that
  /// with the arrays' growth: the excess over `bytesPerWaitingRequest` is counted per instance.
  public static let bytesPerHeldWaitingRequest = 360.0
  /// A `RequestRecord` kept in an array for the whole run (`blis validate` collects them).
  public static let bytesPerCollectedRecord = 224.0
  /// A capacity probe's request kept for replay, and the same request in the search's draws
  /// (with its gap draw).
  public static let bytesPerProbeRequest = Double(2 * MemoryLayout<WorkloadRequest>.stride + MemoryLayout<Double>.stride)
  /// The factor on the expected peak waiting count (the saturation rate is an estimate).
  public static let waitingSafetyFactor = 1.5

  /// Requests the run is expected to admit.
  public let requests: Double
  /// Requests expected to wait at the peak, safety factor included (at most every request).
  public let waitingRequests: Double
  /// Every instance's state (slots, KV bookkeeping, metrics).
  public let instanceBytes: Double
  /// Records the caller keeps for the whole run (0 when they are streamed).
  public let recordBytes: Double
  /// A capacity probe's kept requests and draws (0 for other runs).
  public let probeRequestBytes: Double
  public var waitingBytes: Double { waitingRequests * Self.bytesPerWaitingRequest }
  public var totalBytes: Double { Self.baseBytes + instanceBytes + waitingBytes + recordBytes + probeRequestBytes }

  /// The estimate of `plan`'s deployment serving `workload` (default: the plan's own), with
  /// every request's record kept when `collectsRecords`, and its requests kept and drawn as a
  /// capacity probe's when `capacityProbe`.
  public init(plan: RunPlan, workload: Workload? = nil, collectsRecords: Bool = false, capacityProbe: Bool = false) {
    let plan = workload.map { RunPlan(settings: plan.settings, deployment: plan.deployment, engine: plan.engine,
                                      workload: $0, warnings: plan.warnings) } ?? plan
    let growth = QueueGrowth(plan: plan, saturationRequestsPerSecond: SaturationEstimate.requestsPerSecond(plan: plan))
    let e = plan.engine
    let perInstanceRequests = growth.requests / Double(max(1, e.instances))
    let identified = Self.sharesPrompts(plan)
      ? min(Double(e.totalKVBlocksPerInstance), perInstanceRequests * Self.promptBlocks(plan)) : 0
    let perInstance = Self.bytesPerInstance + Double(e.maxNumSeqs) * Self.bytesPerSequenceSlot
      + identified * Self.bytesPerIdentifiedBlock
    requests = growth.requests
    let waiting = min(growth.peakWaiting * Self.waitingSafetyFactor, growth.requests)
    waitingRequests = waiting
    let heldPerInstance = min(waiting / Double(max(1, e.instances)), Double(WaitQueue.defaultHeldLimit))
    instanceBytes = Double(e.instances)
      * (perInstance + heldPerInstance * (Self.bytesPerHeldWaitingRequest - Self.bytesPerWaitingRequest))
    recordBytes = collectsRecords ? growth.requests * Self.bytesPerCollectedRecord : 0
    probeRequestBytes = capacityProbe
      ? min(growth.requests, Double(ProbeRun.replayedRequestsLimit)) * Self.bytesPerProbeRequest : 0
  }

  /// How many requests of this run's workload fit in `availableBytes`, when the waiting queue (or
  /// the kept records or requests) is what does not fit (nil when there is none: fewer requests would not help).
  public func requestsFitting(inBytes availableBytes: Double) -> Double? {
    let proportional = waitingBytes + recordBytes + probeRequestBytes
    guard proportional > 0, requests > 0 else { return nil }
    let room = availableBytes - Self.baseBytes - instanceBytes
    return max(0, (room / proportional * requests).rounded(.down))
  }

  /// Prefix caching on, and prompts another request may match (a shared prefix, or a trace's
  /// prefix groups): only then are KV blocks identified.
  private static func sharesPrompts(_ plan: RunPlan) -> Bool {
    guard plan.engine.enablePrefixCaching else { return false }
    if case .synthetic(let spec) = plan.workload { return spec.sharedPrefix != nil }
    return true
  }

  /// KV blocks of a mean prompt (a trace counts as 512 tokens, as in `SaturationEstimate`).
  private static func promptBlocks(_ plan: RunPlan) -> Double {
    var tokens = 512.0
    if case .synthetic(let spec) = plan.workload {
      tokens = spec.promptTokens.nominalMean + Double(spec.sharedPrefix?.prefixTokens ?? 0)
    }
    return (tokens / Double(max(1, plan.engine.blockSizeTokens))).rounded(.up)
  }
}
