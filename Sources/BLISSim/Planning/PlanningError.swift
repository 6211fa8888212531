/// A bad planning setting or a plan that cannot be searched. One line each, naming the flag.
public enum PlanningError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `flag` got `value`; `allowed` says what is accepted.
  case invalidValue(flag: String, value: String, allowed: String)
  /// Two flags that cannot be used together.
  case conflict(String)
  /// The capacity search varies the arrival rate, which a replayed trace fixes.
  case traceWorkload
  /// Every point of the grid was skipped; `reasons` lists why (one per split).
  case nothingToRun(reasons: [String])

  public var description: String {
    switch self {
    case .invalidValue(let flag, let value, let allowed):
      return "\(flag) '\(value)' is invalid: expected \(allowed)"
    case .conflict(let message):
      return message
    case .traceWorkload:
      return "--workload-spec: a CSV trace has fixed arrival times, so it cannot be searched over rates; use a synthetic workload"
    case .nothingToRun(let reasons):
      return "no configuration can run: " + reasons.joined(separator: "; ")
    }
  }
}

/// Parsers for the planning flags' list values; errors name the flag.
public enum PlanningListParser {
  /// "1,2,4,8" → [1, 2, 4, 8]; each value in `range`.
  public static func wholeNumbers(_ text: String, flag: String, range: ClosedRange<Int>) throws(PlanningError) -> [Int] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    var out: [Int] = []
    for p in parts {
      guard let v = Int(p), range.contains(v) else {
        throw .invalidValue(flag: flag, value: text,
                            allowed: "a comma-separated list of whole numbers in \(range.lowerBound)...\(range.upperBound), e.g. 1,2,4")
      }
      out.append(v)
    }
    return out
  }

  /// "50,100,200" → [50, 100, 200]; each finite and > 0.
  public static func positiveNumbers(_ text: String, flag: String) throws(PlanningError) -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    var out: [Double] = []
    for p in parts {
      guard let v = Double(p), v.isFinite, v > 0 else {
        throw .invalidValue(flag: flag, value: text, allowed: "a comma-separated list of numbers > 0, e.g. 50,100,200")
      }
      out.append(v)
    }
    return out
  }

  /// "roofline,blackbox" → the latency models, in the given order, duplicates removed.
  public static func latencyModels(_ text: String, flag: String) throws(PlanningError) -> [LatencyModelChoice] {
    var out: [LatencyModelChoice] = []
    for p in text.split(separator: ",", omittingEmptySubsequences: false) {
      guard let kind = LatencyModelChoice(rawValue: p.trimmingCharacters(in: .whitespaces).lowercased()) else {
        throw .invalidValue(flag: flag, value: text, allowed: "a comma-separated list of roofline, blackbox")
      }
      if !out.contains(kind) { out.append(kind) }
    }
    return out
  }
}
