import Foundation

/// A step CSV that could not be read. One line, with the 1-based line number.
public struct StepCSVError: Error, Equatable, CustomStringConvertible {
  public var line: Int
  public var message: String
  public init(line: Int, message: String) { self.line = line; self.message = message }
  public var description: String { "steps CSV line \(line): \(message)" }
}

/// Reads the plain step CSV: a header `prefill_tokens,decode_tokens,decode_context_sum,step_us`
/// (columns in any order, extra columns ignored), then one measured step per line.
///
/// - `prefill_tokens`: prompt tokens computed in the step (all chunks together), integer ≥ 0.
/// - `decode_tokens`: decode requests in the step (one token each), integer ≥ 0.
/// - `decode_context_sum`: Σ over the decodes of the tokens already cached before the step, integer ≥ 0.
/// - `step_us`: measured GPU time of the step, µs, > 0.
/// A row with no prefill and no decode is rejected. The prefill chunk structure is unknown, so the
/// prefill attention term (β4) cannot be fitted from CSV. The kind is derived: prefill only, decode
/// only, or mixed. Blank lines and lines starting with `#` are skipped.
public enum StepCSVReader {
  public static let requiredColumns = ["prefill_tokens", "decode_tokens", "decode_context_sum", "step_us"]
  /// Most decodes in one measured step.
  public static let maxDecodes = 65_536
  /// Plausible measured step times, µs: a GPU step takes at least a microsecond, and anything
  /// beyond 10¹⁰ µs (2.8 hours) is a unit mistake. Outside it the 1/measured weights degenerate.
  public static let measuredMicrosRange: ClosedRange<Double> = 1...1e10

  public static func parse(_ text: String) throws(StepCSVError) -> [CalibrationSample] {
    var header: [String: Int]?
    var out: [CalibrationSample] = []
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text  // UTF-8 byte-order mark
    for (number, line) in NumberedLines.nonBlank(text, trimming: .whitespacesAndNewlines) where !line.hasPrefix("#") {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      if cells.count == 1 && line.contains(";") {
        throw StepCSVError(line: number, message: "fields are separated by ';'; the steps CSV is comma-separated (\(requiredColumns.joined(separator: ",")))")
      }
      guard let columns = header else {
        var index: [String: Int] = [:]
        for (i, name) in cells.enumerated() { index[name.lowercased()] = i }
        let missing = requiredColumns.filter { index[$0] == nil }
        guard missing.isEmpty else {
          throw StepCSVError(line: number, message: "header is missing column(s) \(missing.joined(separator: ", ")) (required: \(requiredColumns.joined(separator: ",")))")
        }
        header = index
        continue
      }
      func cell(_ name: String) throws(StepCSVError) -> String {
        let i = columns[name]!
        guard i < cells.count else { throw StepCSVError(line: number, message: "has \(cells.count) fields, missing '\(name)'") }
        return cells[i]
      }
      func count(_ name: String, max: Int) throws(StepCSVError) -> Int {
        let s = try cell(name)
        guard let v = Int(s), (0...max).contains(v) else {
          throw StepCSVError(line: number, message: "\(name) = '\(ErrorText.excerpt(s))' is invalid (allowed: an integer in 0...\(max))")
        }
        return v
      }
      let prefill = try count("prefill_tokens", max: WorkloadLimits.maxTokens)
      let decodes = try count("decode_tokens", max: maxDecodes)
      let context = try count("decode_context_sum", max: maxDecodes * WorkloadLimits.maxTokens)
      let stepText = try cell("step_us")
      guard let micros = Double(stepText), measuredMicrosRange.contains(micros) else {
        throw StepCSVError(line: number, message: "step_us = '\(ErrorText.excerpt(stepText))' is invalid (allowed: a number of µs in [1, 1e10])")
      }
      guard prefill + decodes > 0 else {
        throw StepCSVError(line: number, message: "prefill_tokens and decode_tokens are both 0 (allowed: a step with at least one token)")
      }
      guard decodes > 0 || context == 0 else {
        throw StepCSVError(line: number, message: "decode_context_sum = \(context) with decode_tokens = 0 (allowed: 0 when there are no decodes)")
      }
      var batch = BatchShape(decodeCount: decodes, decodeContextTokensSum: context)
      if prefill > 0 { batch.prefills = [PrefillChunk(contextTokens: 0, newTokens: prefill)] }
      let kind: StepMeasurement.Kind = decodes == 0 ? .prefill : (prefill == 0 ? .decode : .mixed)
      out.append(CalibrationSample(kind: kind, batch: batch, prefillShapeKnown: false, measuredMicros: micros, line: number))
    }
    guard header != nil else {
      // Only blank and comment lines: name the file's last line.
      let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
      throw StepCSVError(line: max(1, lastLine), message: "no header line (required: \(requiredColumns.joined(separator: ",")))")
    }
    return out
  }
}
