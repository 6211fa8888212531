import Foundation

/// Any stepbench line (micro-benchmarks included) as a loosely typed record, for the roofline calibration.
struct StepBenchRecord {
  var line: Int
  var kind: String
  var gpu: String
  var model: String
  var object: [String: Any]

  func number(_ key: String) -> Double? { (object[key] as? NSNumber).flatMap { isJSONBool($0) ? nil : $0.doubleValue } }
  func shape(_ key: String) -> Int? {
    ((object["shapes"] as? [String: Any])?[key] as? NSNumber).flatMap { isJSONBool($0) ? nil : $0.intValue }
  }
  func shapeText(_ key: String) -> String? { (object["shapes"] as? [String: Any])?[key] as? String }
}

extension StepBenchRecord {
  /// Every non-blank line as a record; a line that is not a JSON object with a string `kind` throws with its number.
  static func readAll(_ text: String) throws(StepBenchError) -> [StepBenchRecord] {
    var out: [StepBenchRecord] = []
    for (number, line) in NumberedLines.nonBlank(text) {
      guard let object = try? parseJSONObject(Data(line.utf8)) else {
        throw StepBenchError(line: number, message: "malformed JSON (expected one JSON object per line)")
      }
      guard let kind = object["kind"] as? String else { throw StepBenchError(line: number, message: "missing 'kind'") }
      out.append(StepBenchRecord(line: number, kind: kind, gpu: object["gpu"] as? String ?? "", model: object["model"] as? String ?? "", object: object))
    }
    return out
  }
}
