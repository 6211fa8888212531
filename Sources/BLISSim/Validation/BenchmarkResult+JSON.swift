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
    let value: Any
    do { value = try JSONSerialization.jsonObject(with: data) } catch {
      throw BenchmarkResultError(file: source, message: JSONErrorPosition.describe(error, in: data))
    }
    guard let object = value as? [String: Any] else {
      throw BenchmarkResultError(file: source, message: "the top level is \(JSONFieldReader.describe(value)), not an object (expected a vLLM benchmark result)")
    }
    let r = JSONFieldReader(object: object, file: source)
    let rate: RequestRate
    switch object["request_rate"] {
    case nil, is NSNull:
      throw .missing(source, "request_rate", hint: "a number of requests per second or \"inf\" (benchmark_serving always writes it)")
    case let text as String where ["inf", "infinity"].contains(text.lowercased()):
      rate = .unbounded
    default:
      rate = .perSecond(try r.number("request_rate", allowed: "a number in [0.000001, 1000000000] req/s or \"inf\"") { (1e-6...1e9).contains($0) }!)
    }
    self.init(source: source, requestRate: rate)
    modelID = try r.string("model_id")
    numPrompts = try r.integer("num_prompts", min: 1)
    burstiness = try r.number("burstiness", allowed: "a number in [0.001, 1000] (gamma shape; 1 = Poisson)") { (1e-3...1e3).contains($0) } ?? 1
    maxConcurrency = try r.integer("max_concurrency", min: 1)
    durationSeconds = try r.number("duration", allowed: "seconds > 0") { $0 > 0 }
    completed = try r.integer("completed", min: 0)
    totalInputTokens = try r.integer("total_input_tokens", min: 0)
    totalOutputTokens = try r.integer("total_output_tokens", min: 0)
    inputLens = try r.integers("input_lens", min: 1)
    outputLens = try r.integers("output_lens", min: 0)
    ttftsSeconds = try r.numbers("ttfts")
    itlsSeconds = try r.nestedNumbers("itls")
    for metric in BenchmarkMetric.allCases {
      for key in metric.fileKeys where reported[metric] == nil {
        reported[metric] = try r.number(key, allowed: "a finite number ≥ 0") { $0 >= 0 }
      }
    }
    try checkCounts()
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

/// Typed access to a JSONSerialization object with one-line errors naming the file and field.
struct JSONFieldReader {
  let object: [String: Any]
  let file: String

  /// The value at `key`, nil when absent or `null`.
  private func value(_ key: String) -> Any? {
    guard let v = object[key], !(v is NSNull) else { return nil }
    return v
  }

  func string(_ key: String) throws(BenchmarkResultError) -> String? {
    guard let v = value(key) else { return nil }
    guard let s = v as? String else { throw .field(file, key, Self.describe(v), allowed: "a string") }
    return s
  }

  func number(_ key: String, allowed: String, _ check: (Double) -> Bool) throws(BenchmarkResultError) -> Double? {
    guard let v = value(key) else { return nil }
    guard let d = Self.double(v), d.isFinite, check(d) else { throw .field(file, key, Self.describe(v), allowed: allowed) }
    return d
  }

  func integer(_ key: String, min: Int) throws(BenchmarkResultError) -> Int? {
    guard let v = value(key) else { return nil }
    guard let i = Self.int(v), i >= min else { throw .field(file, key, Self.describe(v), allowed: "an integer ≥ \(min)") }
    return i
  }

  func integers(_ key: String, min: Int) throws(BenchmarkResultError) -> [Int]? {
    guard let list = try array(key) else { return nil }
    var out: [Int] = []
    out.reserveCapacity(list.count)
    for (i, v) in list.enumerated() {
      guard let n = Self.int(v), n >= min else { throw .field(file, "\(key)[\(i)]", Self.describe(v), allowed: "an integer ≥ \(min)") }
      out.append(n)
    }
    return out
  }

  func numbers(_ key: String) throws(BenchmarkResultError) -> [Double]? {
    guard let list = try array(key) else { return nil }
    return try Self.finiteNonNegative(list, field: key, file: file)
  }

  func nestedNumbers(_ key: String) throws(BenchmarkResultError) -> [[Double]]? {
    guard let list = try array(key) else { return nil }
    var out: [[Double]] = []
    out.reserveCapacity(list.count)
    for (i, v) in list.enumerated() {
      guard let inner = v as? [Any] else { throw .field(file, "\(key)[\(i)]", Self.describe(v), allowed: "a list of seconds") }
      out.append(try Self.finiteNonNegative(inner, field: "\(key)[\(i)]", file: file))
    }
    return out
  }

  private func array(_ key: String) throws(BenchmarkResultError) -> [Any]? {
    guard let v = value(key) else { return nil }
    guard let list = v as? [Any] else { throw .field(file, key, Self.describe(v), allowed: "a list (one entry per request)") }
    return list
  }

  private static func finiteNonNegative(_ list: [Any], field: String, file: String) throws(BenchmarkResultError) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(list.count)
    for (i, v) in list.enumerated() {
      guard let d = double(v), d.isFinite, d >= 0 else {
        throw .field(file, "\(field)[\(i)]", describe(v), allowed: "seconds ≥ 0")
      }
      out.append(d)
    }
    return out
  }

  /// A JSON number (not a bool) as a Double. Foundation on Linux keeps non-integers as
  /// `NSDecimalNumber`, whose `doubleValue` can be off by an ulp; its decimal text parses exactly.
  static func double(_ v: Any) -> Double? {
    guard !isJSONBool(v), let n = v as? NSNumber else { return nil }
    if let decimal = n as? NSDecimalNumber, let exact = Double(decimal.description) { return exact }
    return n.doubleValue
  }

  /// A JSON number with an integral value in Int's range.
  static func int(_ v: Any) -> Int? {
    guard let d = double(v), d.isFinite, d == d.rounded(), abs(d) < 9e15 else { return nil }
    return Int(d)
  }

  /// A JSON value as an error message shows it: `"abc"`, `12.5`, `true`, `null`, `[…]`, `{…}`.
  static func describe(_ v: Any) -> String {
    if v is NSNull { return "null" }
    if isJSONBool(v) { return (v as? NSNumber)?.boolValue == true ? "true" : "false" }
    if let s = v as? String { return "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\"" }
    if let d = double(v) { return SettingParser<Double>.plain(d) }
    if v is [Any] { return "a list" }
    if v is [String: Any] { return "an object" }
    return "\(v)"
  }
}
