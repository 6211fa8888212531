import BLISSim
import Foundation

/// The JSON form of reports for `--json` and `--results-path`: pretty-printed, keys sorted, so
/// identical runs give identical bytes. Ends with a newline.
enum ReportJSON {
  static func encode<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value) + Data("\n".utf8)
  }

  static func string<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try encode(value), as: UTF8.self)
  }
}
