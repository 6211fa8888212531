import Foundation
import Yams

/// Why `defaults.yaml` cannot be edited textually. One line naming the file and line.
public struct DefaultsEditError: Error, Equatable, Sendable, CustomStringConvertible {
  public var source: String
  public var line: Int
  public var message: String
  public init(source: String, line: Int, message: String) { self.source = source; self.line = line; self.message = message }
  public var description: String { "\(source) line \(line): \(ErrorText.oneLine(message, limit: 300))" }
}

/// Inserts or replaces one coefficient row of `defaults.yaml` **textually**, so every other line —
/// comments, the `defaults:` section, other rows, their number formatting — stays byte-for-byte.
///
/// The `models:` list must hold one flow-style row per line (`  - {id: …, GPU: …, …}`), as the shipped
/// file does; anything else in the list (block-style rows) is refused rather than rewritten. The row
/// that is replaced is the one the simulator would use for (id, GPU, TP): the first row whose id
/// (case-insensitive), tensor_parallelism and GPU (the canonical name, case-insensitive) match, else
/// the first whose GPU is one of the canonical GPU's aliases (it is renamed to the canonical name). A
/// new row goes after the last row with the same id, else at the end of the list.
public enum DefaultsRowEditor {
  /// Where a row was put.
  public enum Placement: Sendable, Equatable {
    /// Replaced the row at this 1-based line.
    case replaced(line: Int)
    /// Inserted as a new row at this 1-based line.
    case inserted(line: Int)
  }

  /// The existing row for (id, GPU, TP), if any, and its 1-based line. `gpuNames` are the lower-cased
  /// canonical name followed by its aliases.
  public static func existingRow(in text: String, id: String, gpuNames: [String], tensorParallelism: Int,
                                 source: String = "defaults.yaml") throws(DefaultsEditError) -> (row: DefaultsFile.CoefficientRow, line: Int)? {
    let lines = text.components(separatedBy: "\n")
    guard let section = try modelsSection(lines, source: source) else { return nil }
    guard let index = try matchingRowIndex(lines, section: section, id: id, gpuNames: gpuNames, tp: tensorParallelism, source: source) else { return nil }
    do {
      let row = try YAMLDecoder().decode(DefaultsFile.CoefficientRow.self, from: flowMap(lines[index]))
      return (row, index + 1)
    } catch {
      throw DefaultsEditError(source: source, line: index + 1, message: "row cannot be read: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
    }
  }

  /// `text` with `row` inserted or replacing the matching row (see the type's contract).
  public static func upsert(_ row: DefaultsFile.CoefficientRow, into text: String, gpuNames: [String],
                            source: String = "defaults.yaml") throws(DefaultsEditError) -> (text: String, placement: Placement) {
    var lines = text.components(separatedBy: "\n")
    guard let section = try modelsSection(lines, source: source) else {
      var out = text
      if !out.isEmpty && !out.hasSuffix("\n") { out += "\n" }
      let header = out.isEmpty ? "" : "\n"
      out += "\(header)models:\n\(rowLine(row, indent: "  "))\n"
      return (out, .inserted(line: out.components(separatedBy: "\n").count - 1))
    }
    let rows = section.rows
    let indent = rows.first.map { String(lines[$0].prefix { $0 == " " }) } ?? "  "
    if let index = try matchingRowIndex(lines, section: section, id: row.id, gpuNames: gpuNames, tp: row.tensorParallelism, source: source) {
      let old = lines[index]
      let oldIndent = String(old.prefix { $0 == " " })
      lines[index] = rowLine(row, indent: oldIndent) + (old.hasSuffix("\r") ? "\r" : "")
      return (lines.joined(separator: "\n"), .replaced(line: index + 1))
    }
    let sameID = rows.filter { (try? rowKey(lines[$0]))?.id.lowercased() == row.id.lowercased() }
    let after = sameID.last ?? rows.last ?? section.header
    lines.insert(rowLine(row, indent: indent), at: after + 1)
    return (lines.joined(separator: "\n"), .inserted(line: after + 2))
  }

  /// One row as a flow map on one line (keys in the shipped file's order; `source` double-quoted).
  public static func rowLine(_ row: DefaultsFile.CoefficientRow, indent: String) -> String {
    var fields = ["id: \(scalar(row.id))", "GPU: \(scalar(row.gpu))", "tensor_parallelism: \(row.tensorParallelism)"]
    if let v = row.vllmVersion { fields.append("vllm_version: \(quoted(v))") }
    fields.append("alpha_coeffs: [\(row.alphaCoeffs.map(number).joined(separator: ", "))]")
    fields.append("beta_coeffs: [\(row.betaCoeffs.map(number).joined(separator: ", "))]")
    if let blocks = row.totalKVBlocks { fields.append("total_kv_blocks: \(blocks)") }
    if let s = row.source { fields.append("source: \(quoted(s))") }
    return "\(indent)- {\(fields.joined(separator: ", "))}"
  }

  /// A number as YAML that reads back as the same Double: the shortest round-trip form when it has
  /// no exponent, else fixed notation (YAML 1.1 parsers reject `1e-05`).
  public static func number(_ x: Double) -> String {
    let s = "\(x)"
    if !s.contains("e") { return s }
    var fixed = String(format: "%.20f", x)
    while fixed.hasSuffix("0") { fixed.removeLast() }
    if fixed.hasSuffix(".") { fixed += "0" }
    return fixed
  }

  // MARK: - Parsing the models list

  struct Section { var header: Int; var rows: [Int] }

  /// The `models:` section's header line index and row line indices; nil when the file has none.
  static func modelsSection(_ lines: [String], source: String) throws(DefaultsEditError) -> Section? {
    // Every entry point reads the section first: the size and nesting limits of any YAML input.
    for (index, line) in lines.enumerated() {
      do { try DocumentLimits.check(line) } catch { throw DefaultsEditError(source: source, line: index + 1, message: error.description) }
    }
    guard let header = lines.firstIndex(where: { isTopLevelKey($0, "models") }) else { return nil }
    let headerText = stripComment(lines[header]).trimmingCharacters(in: .whitespaces)
    guard headerText == "models:" else {
      throw DefaultsEditError(source: source, line: header + 1, message: "'\(headerText)' is not editable (allowed: 'models:' followed by one '- {…}' row per line)")
    }
    var rows: [Int] = []
    var i = header + 1
    while i < lines.count {
      let t = lines[i].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
      if let first = lines[i].first, first != " ", first != "#", first != "-", !t.isEmpty { break }  // next top-level key
      if t.isEmpty || t.hasPrefix("#") { i += 1; continue }
      guard t.hasPrefix("- {"), stripComment(t).trimmingCharacters(in: .whitespaces).hasSuffix("}") else {
        throw DefaultsEditError(source: source, line: i + 1, message: "models: entry is not a one-line flow map (allowed: '- {id: …, GPU: …, …}' per line)")
      }
      rows.append(i)
      i += 1
    }
    return Section(header: header, rows: rows)
  }

  static func matchingRowIndex(_ lines: [String], section: Section, id: String, gpuNames: [String], tp: Int,
                               source: String) throws(DefaultsEditError) -> Int? {
    var aliasMatch: Int?
    for i in section.rows {
      let key: (id: String, gpu: String, tp: Int)
      do { key = try rowKey(lines[i]) } catch {
        throw DefaultsEditError(source: source, line: i + 1, message: "row cannot be read: \(error)")
      }
      guard key.id.lowercased() == id.lowercased(), key.tp == tp else { continue }
      let gpu = key.gpu.lowercased()
      if gpu == gpuNames.first { return i }
      if aliasMatch == nil, gpuNames.dropFirst().contains(gpu) { aliasMatch = i }
    }
    return aliasMatch
  }

  struct RowKeyError: Error, CustomStringConvertible { var description: String }

  static func rowKey(_ line: String) throws -> (id: String, gpu: String, tp: Int) {
    guard let map = try Yams.load(yaml: flowMap(line)) as? [String: Any] else { throw RowKeyError(description: "not a map") }
    guard let id = map["id"].map({ "\($0)" }), let gpu = map["GPU"].map({ "\($0)" }), let tp = map["tensor_parallelism"] as? Int else {
      throw RowKeyError(description: "missing id, GPU or tensor_parallelism")
    }
    return (id, gpu, tp)
  }

  /// The `{…}` part of a row line.
  static func flowMap(_ line: String) -> String {
    guard let brace = line.firstIndex(of: "{") else { return line }
    return String(line[brace...]).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
  }

  static func isTopLevelKey(_ line: String, _ key: String) -> Bool {
    line.hasPrefix("\(key):")
  }

  /// The line without a trailing ` # comment` (outside quotes; good enough for keys and flow rows).
  static func stripComment(_ line: String) -> String {
    var inQuote: Character?
    var previous: Character = " "
    for (offset, c) in line.enumerated() {
      if let q = inQuote { if c == q { inQuote = nil } } else if c == "\"" || c == "'" { inQuote = c } else if c == "#" && previous == " " {
        return String(line.prefix(offset))
      }
      previous = c
    }
    return line
  }

  static func scalar(_ s: String) -> String {
    s.allSatisfy({ $0.isLetter || $0.isNumber || "._/-".contains($0) }) && !s.isEmpty ? s : quoted(s)
  }

  static func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
