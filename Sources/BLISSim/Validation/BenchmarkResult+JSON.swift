import Foundation

/// Reading result files. Unknown keys are ignored (every vLLM version adds some); known keys must
/// have their type; `null` counts as absent.
extension BenchmarkResult {
  /// Reads the file at `path`; `source` (default: the path) names it in errors and reports.
  public static func load(path: String, source: String? = nil) throws(BenchmarkResultError) -> BenchmarkResult {
    let name = source ?? path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      throw BenchmarkResultError(file: name, message: "no such file (expected a vLLM benchmark result JSON)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BenchmarkResultError(file: name, message: "cannot be read")
    }
    return try BenchmarkResult(json: data, source: name)
  }

  /// Parses result JSON; `source` names the file in errors.
  public init(json data: Data, source: String) throws(BenchmarkResultError) {
    do { try DocumentLimits.check(data) } catch { throw BenchmarkResultError(file: source, message: error.description) }
    let f = try BenchmarkFields.read(data, source: source)
    let rate: RequestRate
    switch f.requestRate {
    case nil:
      throw .missing(source, "request_rate", hint: "a number of requests per second or \"inf\" (benchmark_serving always writes it)")
    case .text(let text)?:
      guard ["inf", "infinity"].contains(text.lowercased()) else {
        throw .field(source, "request_rate", "\"\(text)\"", allowed: "a number in [0.000001, 1000000000] req/s or \"inf\"")
      }
      rate = .unbounded
    case .number(let r)?:
      rate = .perSecond(try Self.checked(r, "request_rate", source, allowed: "a number in [0.000001, 1000000000] req/s or \"inf\"") { (1e-6...1e9).contains($0) } ?? r)
    }
    self.init(source: source, requestRate: rate)
    modelID = f.modelID
    numPrompts = try Self.checked(f.numPrompts, "num_prompts", source, min: 1)
    burstiness = try Self.checked(f.burstiness, "burstiness", source, allowed: "a number in [0.001, 1000] (gamma shape; 1 = Poisson)") { (1e-3...1e3).contains($0) } ?? 1
    maxConcurrency = try Self.checked(f.maxConcurrency, "max_concurrency", source, min: 1)
    durationSeconds = try Self.checked(f.duration, "duration", source, allowed: "seconds > 0") { $0 > 0 }
    completed = try Self.checked(f.completed, "completed", source, min: 0)
    totalInputTokens = try Self.checked(f.totalInputTokens, "total_input_tokens", source, min: 0)
    totalOutputTokens = try Self.checked(f.totalOutputTokens, "total_output_tokens", source, min: 0)
    inputLens = try Self.checked(f.inputLens, "input_lens", source, min: 1)
    outputLens = try Self.checked(f.outputLens, "output_lens", source, min: 0)
    ttftsSeconds = try Self.checkedSeconds(f.ttfts, "ttfts", source)
    if let lists = f.itls {
      for (i, gaps) in lists.enumerated() { _ = try Self.checkedSeconds(gaps, "itls[\(i)]", source) }
      itlsSeconds = lists
    }
    for metric in BenchmarkMetric.allCases {
      for key in metric.fileKeys where reported[metric] == nil {
        reported[metric] = try Self.checked(f.summaries[key], key, source, allowed: "a finite number ≥ 0") { $0 >= 0 }
      }
    }
    try checkCounts()
  }

  private static func checked(_ v: Double?, _ field: String, _ file: String, allowed: String,
                              _ ok: (Double) -> Bool) throws(BenchmarkResultError) -> Double? {
    guard let v else { return nil }
    guard v.isFinite, ok(v) else { throw .field(file, field, SettingParser<Double>.plain(v), allowed: allowed) }
    return v
  }

  private static func checked(_ v: Int?, _ field: String, _ file: String, min: Int) throws(BenchmarkResultError) -> Int? {
    guard let v else { return nil }
    guard v >= min else { throw .field(file, field, "\(v)", allowed: "an integer ≥ \(min)") }
    return v
  }

  private static func checked(_ list: [Int]?, _ field: String, _ file: String, min: Int) throws(BenchmarkResultError) -> [Int]? {
    if let list, let i = list.firstIndex(where: { $0 < min }) {
      throw .field(file, "\(field)[\(i)]", "\(list[i])", allowed: "an integer ≥ \(min)")
    }
    return list
  }

  private static func checkedSeconds(_ list: [Double]?, _ field: String, _ file: String) throws(BenchmarkResultError) -> [Double]? {
    if let list, let i = list.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
      throw .field(file, "\(field)[\(i)]", SettingParser<Double>.plain(list[i]), allowed: "seconds ≥ 0")
    }
    return list
  }

  /// The per-request arrays describe the same requests (and `num_prompts` of them, when stated).
  private func checkCounts() throws(BenchmarkResultError) {
    let arrays: [(String, Int?)] = [("input_lens", inputLens?.count), ("output_lens", outputLens?.count),
                                    ("ttfts", ttftsSeconds?.count), ("itls", itlsSeconds?.count)]
    let present = arrays.compactMap { name, count in count.map { (name, $0) } }
    if case let (firstName, firstCount)? = present.first {
      if case let (name, count)? = present.first(where: { $0.1 != firstCount }) {
        throw BenchmarkResultError(file: source, message: "field \(name) has \(count) entries but \(firstName) has \(firstCount) (one per request)")
      }
      if let n = numPrompts, n != firstCount {
        throw BenchmarkResultError(file: source, message: "field \(firstName) has \(firstCount) entries but num_prompts is \(n) (one per request)")
      }
      if firstCount == 0 {
        throw .field(source, firstName, "[]", allowed: "one entry per request (at least one)")
      }
    }
    if let c = completed, let n = requestCount, c > n {
      throw .field(source, "completed", "\(c)", allowed: "at most the \(n) requests sent")
    }
  }
}
