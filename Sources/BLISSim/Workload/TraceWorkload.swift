import Foundation

/// A replayed trace: one request per CSV row,
/// `arrival_s,prompt_tokens,output_tokens[,prefix_group,prefix_tokens]`.
///
/// `prompt_tokens` is the whole prompt (shared prefix included); rows with the same
/// `prefix_group` share their first `prefix_tokens` tokens. A header row is allowed (a first line
/// whose first field is not a number), as are a UTF-8 byte-order mark, `#` comment lines, blank
/// lines and CRLF line ends. Rows must be in non-decreasing arrival order; arrivals are at most
/// 10¹⁰ s and token counts at most `WorkloadLimits.maxTokens` (`TraceWorkload+CSV.swift` reads
/// the file). Memory: 24 bytes per row.
public struct TraceWorkload: Sendable, Hashable {
  private var arrivalMicros: [Int64] = []
  private var lengths: [Int32] = []  // prompt, output, group, prefix per row
  /// Replays the rows through clients that keep at most this many requests in flight (each row is
  /// sent at max(its arrival, a client becoming free)); nil = at the recorded arrivals.
  public var closedLoop: ClosedLoop?

  public var count: Int { arrivalMicros.count }
  /// When the last row arrives, seconds (0 for an empty trace).
  public var lastArrivalSeconds: Double { Double(arrivalMicros.last ?? 0) / 1e6 }

  /// A trace of already-checked rows (the CSV reader's result).
  init(arrivalMicros: [Int64], lengths: [Int32]) {
    self.arrivalMicros = arrivalMicros
    self.lengths = lengths
  }

  /// The first `n` rows (all of them when the trace is shorter), with the same closed loop.
  public func prefix(_ n: Int) -> TraceWorkload {
    let rows = Swift.max(0, Swift.min(n, count))
    var trace = TraceWorkload(arrivalMicros: Array(arrivalMicros.prefix(rows)), lengths: Array(lengths.prefix(4 * rows)))
    trace.closedLoop = closedLoop
    return trace
  }

  /// One request of a trace built in code (`init(rows:)`).
  public struct Row: Sendable, Hashable {
    public var arrival: SimTime
    /// The whole prompt (≥ 1).
    public var promptTokens: Int
    /// Tokens to generate (≥ 1).
    public var outputTokens: Int
    public init(arrival: SimTime, promptTokens: Int, outputTokens: Int) {
      self.arrival = arrival; self.promptTokens = promptTokens; self.outputTokens = outputTokens
    }
  }

  /// A trace of `rows` (unique prompts), which must be in arrival order with lengths ≥ 1.
  public init(rows: [Row]) throws(WorkloadError) {
    for (i, row) in rows.enumerated() {
      let field = "trace row \(i)"
      guard (1...WorkloadLimits.maxTokens).contains(row.promptTokens) else {
        throw .outOfRange(field: "\(field) prompt_tokens", value: "\(row.promptTokens)", allowed: "an integer in 1...\(WorkloadLimits.maxTokens)")
      }
      guard (1...WorkloadLimits.maxTokens).contains(row.outputTokens) else {
        throw .outOfRange(field: "\(field) output_tokens", value: "\(row.outputTokens)", allowed: "an integer in 1...\(WorkloadLimits.maxTokens)")
      }
      guard row.arrival.microseconds >= (arrivalMicros.last ?? 0) else {
        throw .outOfRange(field: "\(field) arrival", value: "\(row.arrival)", allowed: "≥ 0 and ≥ the previous row's (arrival order)")
      }
      append(arrivalMicros: row.arrival.microseconds, lengths: [Int32(row.promptTokens), Int32(row.outputTokens), -1, 0])
    }
    if arrivalMicros.isEmpty { throw .missing(field: "trace rows", hint: "the trace has no rows") }
  }

  private mutating func append(arrivalMicros micros: Int64, lengths row: [Int32]) {
    arrivalMicros.append(micros)
    lengths.append(contentsOf: row)
  }

  func request(at i: Int) -> WorkloadRequest {
    WorkloadRequest(id: i, arrival: SimTime(microseconds: arrivalMicros[i]), inputTokens: Int(lengths[4 * i]),
                    outputTokens: Int(lengths[4 * i + 1]), prefixGroup: Int(lengths[4 * i + 2]),
                    prefixTokens: Int(lengths[4 * i + 3]), promptSeed: StableHash.combine(0x7472_6163_65, UInt64(i)))
  }
}
