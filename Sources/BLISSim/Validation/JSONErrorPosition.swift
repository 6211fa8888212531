import Foundation

/// Turns a `JSONSerialization` failure into "line L, column C: reason": the parser reports a byte
/// offset ("around character 17"), which a one-line error should show as a line of the file.
enum JSONErrorPosition {
  static func describe(_ error: any Error, in data: Data) -> String {
    let ns = error as NSError
    let reason = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    let trimmed = reason.hasSuffix(".") ? String(reason.dropLast()) : reason
    if trimmed.lowercased().contains("end of file") || data.isEmpty {
      let (line, _) = position(ofByte: data.count, in: data)
      return "not valid JSON: line \(line): the file ends early (truncated?)"
    }
    if let range = trimmed.range(of: "character "), let offset = Int(trimmed[range.upperBound...].prefix { $0.isNumber }) {
      let (line, column) = position(ofByte: offset, in: data)
      let what = trimmed[..<range.lowerBound].replacingOccurrences(of: " around", with: "").trimmingCharacters(in: .whitespaces)
      return "not valid JSON: line \(line), column \(column): \(what.lowercased())"
    }
    return "not valid JSON: \(trimmed)"
  }

  /// 1-based line and column of byte `offset`.
  static func position(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
    var line = 1, column = 1
    for byte in data.prefix(max(0, offset)) {
      if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
    }
    return (line, column)
  }
}
