/// One `--requests-out` JSONL record: what happened to one request. Times are integer
/// microseconds internally and written as seconds with 6 decimals (exact), so output is
/// byte-identical for identical runs. Absent measurements (e.g. no first token before the
/// horizon) are written as `null`, so every line has every key.
public struct RequestOutLine: Sendable, Equatable {
  public var id: String
  /// Instance that served it; nil if it was never routed (e.g. rejected at admission).
  public var instance: Int?
  public var arrival: SimTime
  public var timeToFirstToken: SimDuration?
  public var endToEnd: SimDuration?
  /// Mean inter-token latency, µs (fractional: a mean of integer gaps).
  public var meanInterTokenLatencyMicros: Double?
  public var inputTokens: Int
  public var outputTokens: Int
  /// Prompt tokens served from the prefix cache.
  public var cachedTokens: Int
  public var preemptions: Int
  /// `completed`, `rejected`, `unfinished` (horizon reached), … — the engine's outcome name.
  public var outcome: String

  public init(id: String, instance: Int?, arrival: SimTime, timeToFirstToken: SimDuration?, endToEnd: SimDuration?,
              meanInterTokenLatencyMicros: Double?, inputTokens: Int, outputTokens: Int, cachedTokens: Int,
              preemptions: Int, outcome: String) {
    self.id = id
    self.instance = instance
    self.arrival = arrival
    self.timeToFirstToken = timeToFirstToken
    self.endToEnd = endToEnd
    self.meanInterTokenLatencyMicros = meanInterTokenLatencyMicros
    self.inputTokens = inputTokens
    self.outputTokens = outputTokens
    self.cachedTokens = cachedTokens
    self.preemptions = preemptions
    self.outcome = outcome
  }

  /// The JSON object on one line, keys in a fixed order:
  /// id, instance, arrival_s, ttft_s, e2e_s, itl_mean_s, input_tokens, output_tokens,
  /// cached_tokens, preemptions, outcome.
  public var jsonLine: String {
    var out = "{\"id\":" + Self.quoted(id)
    out += ",\"instance\":" + (instance.map(String.init) ?? "null")
    out += ",\"arrival_s\":" + Self.seconds(arrival.microseconds)
    out += ",\"ttft_s\":" + (timeToFirstToken.map { Self.seconds($0.microseconds) } ?? "null")
    out += ",\"e2e_s\":" + (endToEnd.map { Self.seconds($0.microseconds) } ?? "null")
    out += ",\"itl_mean_s\":" + (meanInterTokenLatencyMicros.flatMap(Self.fractionalSeconds) ?? "null")
    out += ",\"input_tokens\":\(inputTokens),\"output_tokens\":\(outputTokens)"
    out += ",\"cached_tokens\":\(cachedTokens),\"preemptions\":\(preemptions)"
    out += ",\"outcome\":" + Self.quoted(outcome) + "}"
    return out
  }

  /// Exact decimal seconds for integer microseconds: 1500 → "0.001500".
  static func seconds(_ micros: Int64) -> String {
    let sign = micros < 0 ? "-" : ""
    let magnitude = micros.magnitude
    let fraction = String(magnitude % 1_000_000)
    return sign + String(magnitude / 1_000_000) + "." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }

  /// Fractional microseconds as seconds, rounded to the nanosecond; nil when not finite or
  /// beyond ±9e15 µs (285 years: no real inter-token gap).
  static func fractionalSeconds(_ micros: Double) -> String? {
    guard micros.isFinite, abs(micros) < 9e15 else { return nil }
    let nanos = Int64((micros * 1000).rounded())
    let sign = nanos < 0 ? "-" : ""
    let magnitude = nanos.magnitude
    let fraction = String(magnitude % 1_000_000_000)
    return sign + String(magnitude / 1_000_000_000) + "." + String(repeating: "0", count: 9 - fraction.count) + fraction
  }

  /// A JSON string literal.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
