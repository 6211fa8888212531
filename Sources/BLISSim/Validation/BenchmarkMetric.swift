/// One number `benchmark_serving.py` / `vllm bench serve` reports and `blis validate` compares:
/// mean, median or p99 of TTFT, TPOT, ITL or E2E latency (ms), or the output throughput (tok/s).
///
/// The raw value is the result file's key. Newer vLLM versions call the end-to-end latency `e2el`
/// (`mean_e2el_ms`), older ones `latency` (`mean_latency_ms`); both are read.
public enum BenchmarkMetric: String, CaseIterable, Sendable, Hashable, Codable {
  case meanTTFT = "mean_ttft_ms", medianTTFT = "median_ttft_ms", p99TTFT = "p99_ttft_ms"
  case meanTPOT = "mean_tpot_ms", medianTPOT = "median_tpot_ms", p99TPOT = "p99_tpot_ms"
  case meanITL = "mean_itl_ms", medianITL = "median_itl_ms", p99ITL = "p99_itl_ms"
  case meanE2E = "mean_e2el_ms", medianE2E = "median_e2el_ms", p99E2E = "p99_e2el_ms"
  case outputThroughput = "output_throughput"

  /// What is measured.
  public enum Quantity: String, CaseIterable, Sendable {
    case ttft = "TTFT", tpot = "TPOT", itl = "ITL", e2e = "E2E", outputThroughput = "output throughput"

    /// benchmark_serving's definition, which both the measured and the predicted values follow.
    public var definition: String {
      switch self {
      case .ttft: return "send → first non-empty chunk, per request; a request with empty output counts as 0"
      case .tpot: return "(E2E − TTFT) / (output tokens − 1), per request with more than one output token"
      case .itl: return "gaps between consecutive streamed chunks (a chunk may hold several tokens), pooled over requests"
      case .e2e: return "send → last chunk, per completed request (empty outputs included)"
      case .outputThroughput: return "output tokens (empty outputs count 0) / benchmark duration (start → last response)"
      }
    }
  }

  /// How the values of a quantity are summarised.
  public enum Statistic: String, CaseIterable, Sendable {
    case mean, median, p99
    /// Median and p99 interpolate linearly between order statistics, like `np.percentile`.
    public var percentile: Double? {
      switch self {
      case .mean: return nil
      case .median: return 50
      case .p99: return 99
      }
    }
  }

  public var quantity: Quantity {
    switch self {
    case .meanTTFT, .medianTTFT, .p99TTFT: return .ttft
    case .meanTPOT, .medianTPOT, .p99TPOT: return .tpot
    case .meanITL, .medianITL, .p99ITL: return .itl
    case .meanE2E, .medianE2E, .p99E2E: return .e2e
    case .outputThroughput: return .outputThroughput
    }
  }

  /// nil for the throughput (a single number).
  public var statistic: Statistic? {
    switch self {
    case .meanTTFT, .meanTPOT, .meanITL, .meanE2E: return .mean
    case .medianTTFT, .medianTPOT, .medianITL, .medianE2E: return .median
    case .p99TTFT, .p99TPOT, .p99ITL, .p99E2E: return .p99
    case .outputThroughput: return nil
    }
  }

  /// `.meanTTFT` for (`.ttft`, `.mean`), …
  public init(_ quantity: Quantity, _ statistic: Statistic) {
    let found = Self.allCases.first { $0.quantity == quantity && $0.statistic == statistic }
    self = found ?? .outputThroughput
  }

  /// "mean TTFT", "p99 E2E", "output throughput".
  public var label: String { statistic.map { "\($0.rawValue) \(quantity.rawValue)" } ?? quantity.rawValue }

  /// "ms" or "tok/s".
  public var unit: String { quantity == .outputThroughput ? "tok/s" : "ms" }

  /// The keys a result file may use for this metric, preferred first.
  public var fileKeys: [String] {
    quantity == .e2e ? [rawValue, rawValue.replacingOccurrences(of: "e2el", with: "latency")] : [rawValue]
  }
}
