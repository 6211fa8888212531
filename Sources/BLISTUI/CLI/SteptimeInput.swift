import BLISSim
import Foundation

/// One line of a `blis steptime --batches` file: an id and the step's batch.
struct SteptimeRequest: Equatable {
  var id: String
  var batch: BatchShape
}

/// A usage error of `blis steptime`: one line naming the flag or field, the value and what is allowed.
struct SteptimeUsageError: Error, CustomStringConvertible, Equatable {
  var description: String
}

/// Parses the JSONL batch format:
/// `{"id": "…", "prefill": [{"context": 0, "tokens": 512}], "decode": [{"context": 2047, "count": 32}]}`.
///
/// `context` = tokens already in the KV cache; `tokens` = new prompt tokens this step (the chunk is
/// assumed to finish its prompt unless `"last": false`); a decode entry is `count` sequences each
/// generating one token. Blank lines are skipped; `id` defaults to the line number.
enum SteptimeInput {
  /// - Throws: when a line is malformed, or when there is no batch at all (an empty input is a
  ///   mistake, not an empty answer).
  static func parse(_ text: String) throws(SteptimeUsageError) -> [SteptimeRequest] {
    var out: [SteptimeRequest] = []
    for (n, line) in NumberedLines.nonBlank(text) { out.append(try parseLine(line, number: n)) }
    guard !out.isEmpty else {
      throw SteptimeUsageError(description: "--batches: no batch lines (expected one JSON object per line, e.g. {\"decode\": [{\"context\": 2047, \"count\": 32}]})")
    }
    return out
  }

  static func parseLine(_ line: String, number n: Int) throws(SteptimeUsageError) -> SteptimeRequest {
    func fail(_ msg: String) -> SteptimeUsageError { SteptimeUsageError(description: "--batches line \(n): \(msg)") }
    guard let obj = try? parseJSONObject(Data(line.utf8)) else {
      throw fail("not a JSON object (expected {\"id\": …, \"prefill\": [{\"context\": C, \"tokens\": T}], \"decode\": [{\"context\": C, \"count\": N}]})")
    }
    let known: Set<String> = ["id", "prefill", "decode"]
    if let extra = obj.keys.sorted().first(where: { !known.contains($0) }) {
      throw fail("unknown field '\(ErrorText.excerpt(extra))' (allowed: id, prefill, decode)")
    }
    var id = "\(n)"
    if let v = obj["id"] {
      if let s = v as? String { id = s } else if let num = v as? NSNumber { id = num.stringValue } else { throw fail("field 'id' must be a string") }
    }
    func entries(_ key: String) throws(SteptimeUsageError) -> [[String: Any]] {
      guard let v = obj[key] else { return [] }
      guard let list = v as? [[String: Any]] else { throw fail("field '\(key)' must be a list of objects") }
      return list
    }
    func count(_ e: [String: Any], _ key: String, in list: String, min: Int) throws(SteptimeUsageError) -> Int {
      guard let raw = e[key] else { throw fail("\(list) entry is missing '\(key)'") }
      let limit = WorkloadLimits.maxTokens
      guard let num = raw as? NSNumber, !isJSONBool(num), num.doubleValue == num.doubleValue.rounded(),
            num.doubleValue >= Double(min), num.doubleValue <= Double(limit) else {
        throw fail("\(list).\(key) = \(ErrorText.excerpt("\(raw)")) is invalid (allowed: an integer in \(min)...\(limit))")
      }
      return Int(num.doubleValue)
    }
    var batch = BatchShape()
    for e in try entries("prefill") {
      let last = (e["last"] as? Bool) ?? true
      batch.prefills.append(PrefillChunk(contextTokens: try count(e, "context", in: "prefill", min: 0),
                                         newTokens: try count(e, "tokens", in: "prefill", min: 1), completesPrompt: last))
    }
    for e in try entries("decode") {
      batch.addDecodes(count: try count(e, "count", in: "decode", min: 1),
                       contextTokens: try count(e, "context", in: "decode", min: 0))
    }
    return SteptimeRequest(id: id, batch: batch)
  }
}
