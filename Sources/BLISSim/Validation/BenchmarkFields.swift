import Foundation

/// The fields of a result file `BenchmarkResult` reads, typed but not yet range-checked; `null`
/// and absent keys are nil, unknown keys are ignored.
///
/// Two readers fill it: `JSONDecoder` (fast: a file of a few hundred thousand per-request values
/// reads in about a second), and, when that fails, `JSONSerialization` with a type check per
/// field, whose errors name the line and column of malformed JSON, or the field, index and value
/// of a wrong type.
struct BenchmarkFields: Decodable {
  enum Rate { case number(Double), text(String) }

  var modelID: String?
  var numPrompts: Int?
  var requestRate: Rate?
  var burstiness: Double?
  var maxConcurrency: Int?
  var duration: Double?
  var completed: Int?
  var totalInputTokens: Int?
  var totalOutputTokens: Int?
  var inputLens: [Int]?
  var outputLens: [Int]?
  var ttfts: [Double]?
  var itls: [[Double]]?
  /// Summary values by file key (`mean_ttft_ms`, `mean_latency_ms`, …).
  var summaries: [String: Double] = [:]

  static let summaryKeys = BenchmarkMetric.allCases.flatMap(\.fileKeys)

  /// Reads `data`, fast when the file is well-formed, else with one-line errors.
  static func read(_ data: Data, source: String) throws(BenchmarkResultError) -> BenchmarkFields {
    if let fields = try? JSONDecoder().decode(BenchmarkFields.self, from: data) { return fields }
    return try BenchmarkFields(serialized: data, source: source)
  }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    func value<T: Decodable>(_ key: String) throws -> T? { try c.decodeIfPresent(T.self, forKey: Key(key)) }
    modelID = try value("model_id")
    numPrompts = try value("num_prompts")
    if let number: Double = try? value("request_rate") {
      requestRate = .number(number)
    } else if let text: String = try value("request_rate") {
      requestRate = .text(text)
    }
    burstiness = try value("burstiness")
    maxConcurrency = try value("max_concurrency")
    duration = try value("duration")
    completed = try value("completed")
    totalInputTokens = try value("total_input_tokens")
    totalOutputTokens = try value("total_output_tokens")
    inputLens = try value("input_lens")
    outputLens = try value("output_lens")
    ttfts = try value("ttfts")
    itls = try value("itls")
    for key in Self.summaryKeys { summaries[key] = try value(key) }
  }

  /// The careful reader: `JSONSerialization`, then a type check per field.
  init(serialized data: Data, source: String) throws(BenchmarkResultError) {
    let value: Any
    do { value = try JSONSerialization.jsonObject(with: data) } catch {
      throw BenchmarkResultError(file: source, message: JSONErrorPosition.describe(error, in: data))
    }
    guard let object = value as? [String: Any] else {
      throw BenchmarkResultError(file: source, message: "the top level is \(JSONFieldReader.describe(value)), not an object (expected a vLLM benchmark result)")
    }
    let r = JSONFieldReader(object: object, file: source)
    modelID = try r.string("model_id")
    numPrompts = try r.integer("num_prompts")
    if let text = object["request_rate"] as? String { requestRate = .text(text) } else { requestRate = try r.number("request_rate").map(Rate.number) }
    burstiness = try r.number("burstiness")
    maxConcurrency = try r.integer("max_concurrency")
    duration = try r.number("duration")
    completed = try r.integer("completed")
    totalInputTokens = try r.integer("total_input_tokens")
    totalOutputTokens = try r.integer("total_output_tokens")
    inputLens = try r.integers("input_lens")
    outputLens = try r.integers("output_lens")
    ttfts = try r.numbers("ttfts")
    itls = try r.nestedNumbers("itls")
    for key in Self.summaryKeys { summaries[key] = try r.number(key) }
  }
}

/// Typed access to a JSONSerialization object with one-line errors naming the file, the field (and
/// index) and the value.
struct JSONFieldReader {
  let object: [String: Any]
  let file: String

  /// The value at `key`, nil when absent or `null`.
  private func value(_ key: String) -> Any? {
    guard let v = object[key], !(v is NSNull) else { return nil }
    return v
  }

  private func wrongType(_ field: String, _ v: Any, _ allowed: String) -> BenchmarkResultError {
    .field(file, field, Self.describe(v), allowed: allowed)
  }

  func string(_ key: String) throws(BenchmarkResultError) -> String? {
    guard let v = value(key) else { return nil }
    guard let s = v as? String else { throw wrongType(key, v, "a string") }
    return s
  }

  func number(_ key: String) throws(BenchmarkResultError) -> Double? {
    guard let v = value(key) else { return nil }
    guard let d = Self.double(v) else { throw wrongType(key, v, "a number") }
    return d
  }

  func integer(_ key: String) throws(BenchmarkResultError) -> Int? {
    guard let v = value(key) else { return nil }
    guard let i = Self.int(v) else { throw wrongType(key, v, "an integer") }
    return i
  }

  func integers(_ key: String) throws(BenchmarkResultError) -> [Int]? {
    guard let list = try array(key) else { return nil }
    var out: [Int] = []
    out.reserveCapacity(list.count)
    for (i, v) in list.enumerated() {
      guard let n = Self.int(v) else { throw wrongType("\(key)[\(i)]", v, "an integer") }
      out.append(n)
    }
    return out
  }

  func numbers(_ key: String) throws(BenchmarkResultError) -> [Double]? {
    guard let list = try array(key) else { return nil }
    return try numbers(list, field: key)
  }

  func nestedNumbers(_ key: String) throws(BenchmarkResultError) -> [[Double]]? {
    guard let list = try array(key) else { return nil }
    var out: [[Double]] = []
    out.reserveCapacity(list.count)
    for (i, v) in list.enumerated() {
      guard let inner = v as? [Any] else { throw wrongType("\(key)[\(i)]", v, "a list of seconds") }
      out.append(try numbers(inner, field: "\(key)[\(i)]"))
    }
    return out
  }

  private func array(_ key: String) throws(BenchmarkResultError) -> [Any]? {
    guard let v = value(key) else { return nil }
    guard let list = v as? [Any] else { throw wrongType(key, v, "a list (one entry per request)") }
    return list
  }

  private func numbers(_ list: [Any], field: String) throws(BenchmarkResultError) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(list.count)
    for (i, v) in list.enumerated() {
      guard let d = Self.double(v) else { throw wrongType("\(field)[\(i)]", v, "a number of seconds") }
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

  /// A JSON value as an error message shows it: `"abc"`, `12.5`, `true`, `null`, `a list`, `an object`.
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
