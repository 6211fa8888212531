import Foundation

/// A replayed trace: one request per CSV row,
/// `arrival_s,prompt_tokens,output_tokens[,prefix_group,prefix_tokens]`.
///
/// `prompt_tokens` is the whole prompt (shared prefix included); rows with the same
/// `prefix_group` share their first `prefix_tokens` tokens. A header row is allowed (a first line
/// whose first field is not a number). Rows must be in non-decreasing arrival order.
/// Memory: 24 bytes per row.
public struct TraceWorkload: Sendable, Hashable {
  private var arrivalMicros: [Int64] = []
  private var lengths: [Int32] = []  // prompt, output, group, prefix per row
  /// Replays the rows through clients that keep at most this many requests in flight (each row is
  /// sent at max(its arrival, a client becoming free)); nil = at the recorded arrivals.
  public var closedLoop: ClosedLoop?

  public var count: Int { arrivalMicros.count }

  /// Parses CSV text; errors name the line number and column.
  public init(csv: String) throws {
    var lineNumber = 0
    for rawLine in csv.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      let line = rawLine.trimmingCharacters(in: [" ", "\t", "\r"])
      if line.isEmpty || line.hasPrefix("#") { continue }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
        String($0).trimmingCharacters(in: [" ", "\t"])
      }
      if count == 0 && Double(fields[0]) == nil && lineNumber == 1 { continue }  // header
      let field = "trace line \(lineNumber)"
      guard fields.count == 3 || fields.count == 5 else {
        throw WorkloadError.malformed(field: field, detail: "expected 3 or 5 comma-separated fields, got \(fields.count)")
      }
      guard let arrival = Double(fields[0]), arrival.isFinite, arrival >= 0 else {
        throw WorkloadError.outOfRange(field: "\(field) arrival_s", value: fields[0], allowed: "a number ≥ 0")
      }
      func int(_ i: Int, _ name: String, min: Int) throws -> Int32 {
        guard let v = Int(fields[i]), v >= min, v <= Int(Int32.max) else {
          throw WorkloadError.outOfRange(field: "\(field) \(name)", value: fields[i], allowed: "an integer ≥ \(min)")
        }
        return Int32(v)
      }
      let prompt = try int(1, "prompt_tokens", min: 1)
      let output = try int(2, "output_tokens", min: 1)
      var group: Int32 = -1
      var prefix: Int32 = 0
      if fields.count == 5 {
        group = try int(3, "prefix_group", min: 0)
        prefix = try int(4, "prefix_tokens", min: 0)
        if prefix > prompt {
          throw WorkloadError.outOfRange(field: "\(field) prefix_tokens", value: fields[4],
                                         allowed: "≤ prompt_tokens (\(prompt))")
        }
      }
      let micros = Int64((arrival * 1e6).rounded(.down))
      if let last = arrivalMicros.last, micros < last {
        throw WorkloadError.outOfRange(field: "\(field) arrival_s", value: fields[0],
                                       allowed: "≥ the previous row's arrival (rows in arrival order)")
      }
      append(arrivalMicros: micros, lengths: [prompt, output, group, prefix])
    }
    if arrivalMicros.isEmpty { throw WorkloadError.missing(field: "trace rows", hint: "the CSV has no data rows") }
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
      guard (1...Int(Int32.max)).contains(row.promptTokens) else {
        throw .outOfRange(field: "\(field) prompt_tokens", value: "\(row.promptTokens)", allowed: "an integer ≥ 1")
      }
      guard (1...Int(Int32.max)).contains(row.outputTokens) else {
        throw .outOfRange(field: "\(field) output_tokens", value: "\(row.outputTokens)", allowed: "an integer ≥ 1")
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
