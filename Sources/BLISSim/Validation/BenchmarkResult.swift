/// One vLLM benchmark result file, as `benchmarks/benchmark_serving.py` and
/// `vllm bench serve --save-result` write it: the run's settings, its summary latencies and
/// (optionally) the per-request lengths and timings.
///
/// Every per-request array and most settings may be missing; `BenchmarkReplay` says what it
/// assumed in their place. Read with `BenchmarkResult(json:source:)` or `load(path:)`.
public struct BenchmarkResult: Sendable, Hashable {
  /// `request_rate`: a number of requests per second, or `"inf"` (everything sent at t = 0).
  public enum RequestRate: Sendable, Hashable, CustomStringConvertible {
    case unbounded
    case perSecond(Double)

    public var description: String {
      switch self {
      case .unbounded: return "inf"
      case .perSecond(let r): return "\(r) req/s"
      }
    }
  }

  /// Where the result was read from (messages and reports).
  public var source: String
  public var modelID: String?
  public var numPrompts: Int?
  public var requestRate: RequestRate
  /// Gamma shape of the inter-arrival gaps (1 = Poisson; `burstiness` in the file, default 1).
  public var burstiness: Double
  /// `--max-concurrency`: at most this many requests in flight (nil = no limit).
  public var maxConcurrency: Int?
  /// Benchmark wall time, start → last response.
  public var durationSeconds: Double?
  public var completed: Int?
  public var totalInputTokens: Int?
  public var totalOutputTokens: Int?
  /// Prompt tokens per request, in send order.
  public var inputLens: [Int]?
  /// Output tokens per request as benchmark_serving counted them (0 = empty output or failure).
  public var outputLens: [Int]?
  public var ttftsSeconds: [Double]?
  /// Per request, the gaps between its streamed chunks.
  public var itlsSeconds: [[Double]]?
  /// The summary values the file states (`mean_ttft_ms`, …), by metric.
  public var reported: [BenchmarkMetric: Double]

  public init(source: String, modelID: String? = nil, numPrompts: Int? = nil, requestRate: RequestRate,
              burstiness: Double = 1, maxConcurrency: Int? = nil, durationSeconds: Double? = nil, completed: Int? = nil,
              totalInputTokens: Int? = nil, totalOutputTokens: Int? = nil, inputLens: [Int]? = nil,
              outputLens: [Int]? = nil, ttftsSeconds: [Double]? = nil, itlsSeconds: [[Double]]? = nil,
              reported: [BenchmarkMetric: Double] = [:]) {
    self.source = source; self.modelID = modelID; self.numPrompts = numPrompts; self.requestRate = requestRate
    self.burstiness = burstiness; self.maxConcurrency = maxConcurrency; self.durationSeconds = durationSeconds
    self.completed = completed; self.totalInputTokens = totalInputTokens; self.totalOutputTokens = totalOutputTokens
    self.inputLens = inputLens; self.outputLens = outputLens; self.ttftsSeconds = ttftsSeconds
    self.itlsSeconds = itlsSeconds; self.reported = reported
  }

  /// Number of requests the benchmark sent: the per-request arrays' length, else `num_prompts`,
  /// else `completed`.
  public var requestCount: Int? { inputLens?.count ?? outputLens?.count ?? numPrompts ?? completed }

  /// The measured values: the file's summary fields, else (for TTFT, ITL and the throughput) values
  /// computed from its per-request arrays with benchmark_serving's definitions, each with a note.
  public func measured() -> (values: [BenchmarkMetric: Double], notes: [String]) {
    var values = reported
    var notes: [String] = []
    func derive(_ quantity: BenchmarkMetric.Quantity, from samplesMs: [Double], array: String) {
      let missing = BenchmarkMetric.Statistic.allCases.map { BenchmarkMetric(quantity, $0) }.filter { values[$0] == nil }
      guard !missing.isEmpty, !samplesMs.isEmpty else { return }
      let sorted = samplesMs.sorted()
      for metric in missing { values[metric] = LinearPercentile.summary(sorted: sorted, metric.statistic ?? .mean) }
      notes.append("\(missing.map(\.label).joined(separator: ", ")) computed from `\(array)` (not in the file)")
    }
    if let ttfts = ttftsSeconds { derive(.ttft, from: ttfts.map { $0 * 1e3 }, array: "ttfts") }
    if let itls = itlsSeconds { derive(.itl, from: itls.flatMap { $0.map { $0 * 1e3 } }, array: "itls") }
    if values[.outputThroughput] == nil, let d = durationSeconds, d > 0,
       let total = totalOutputTokens ?? outputLens.map({ $0.reduce(0, +) }) {
      values[.outputThroughput] = Double(total) / d
      notes.append("output throughput computed as \(totalOutputTokens == nil ? "Σ output_lens" : "total_output_tokens") / duration (no output_throughput in the file)")
    }
    return (values, notes)
  }
}
