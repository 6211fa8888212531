import BLISSim
import Foundation

/// One computed step, and its JSON/table renderings for `blis steptime`.
struct SteptimeResult {
  var id: String
  var stepMicros: Int64
  var breakdown: StepTimeBreakdown?
  var batch: BatchShape

  private struct JSONLine: Encodable {
    var id: String
    var step_us: Int64
    var compute_us: Double?
    var memory_us: Double?
    var communication_us: Double?
    var overhead_us: Double?
    var bound: String?
  }

  static func jsonLines(_ results: [SteptimeResult]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var out = ""
    for r in results {
      let b = r.breakdown
      let line = JSONLine(id: r.id, step_us: r.stepMicros, compute_us: b.map { round1($0.computeMicros) },
                          memory_us: b.map { round1($0.memoryMicros) }, communication_us: b.map { round1($0.communicationMicros) },
                          overhead_us: b.map { round1($0.overheadMicros) }, bound: b?.bound.rawValue)
      if let data = try? encoder.encode(line) { out += String(decoding: data, as: UTF8.self) + "\n" }
    }
    return out
  }

  static func table(_ results: [SteptimeResult], summary: String) -> String {
    var out = summary + "\n"
    let header = ["id", "prefill tok", "decodes", "step µs", "compute µs", "memory µs", "comm µs", "overhead µs", "bound"]
    var rows = [header]
    for r in results {
      let b = r.breakdown
      rows.append([r.id, "\(r.batch.prefillTokens)", "\(r.batch.decodeCount)", "\(r.stepMicros)",
                   b.map { fmt($0.computeMicros) } ?? "-", b.map { fmt($0.memoryMicros) } ?? "-",
                   b.map { fmt($0.communicationMicros) } ?? "-", b.map { fmt($0.overheadMicros) } ?? "-",
                   b?.bound.rawValue ?? "-"])
    }
    let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
    for row in rows {
      out += row.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: widths[i] - cell.count)
        return i == 0 || i == row.count - 1 ? cell + pad : pad + cell
      }.joined(separator: "  ").trimmingTrailingSpaces + "\n"
    }
    return out
  }

  private static func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
  private static func fmt(_ x: Double) -> String { String(format: "%.0f", x) }
}

private extension String {
  var trimmingTrailingSpaces: String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
