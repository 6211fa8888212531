import Foundation

/// Fixed, locale-independent number formatting for the CLI summaries.
enum NumberText {
  /// Milliseconds with about four significant digits: 9.26, 123.4, 5234.
  static func ms(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    if abs(value) < 10 { return String(format: "%.2f", value) }
    if abs(value) < 1000 { return String(format: "%.1f", value) }
    return String(format: "%.0f", value)
  }

  /// A rate with two decimals below 100, else whole: 40.12, 8123.
  static func rate(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    return abs(value) < 100 ? String(format: "%.2f", value) : String(format: "%.0f", value)
  }

  /// A fraction as a percentage with one decimal: 0.1234 → "12.3%".
  static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "–" }
    return String(format: "%.1f%%", fraction * 100)
  }

  /// A signed relative difference: (b − a) / a → "+12.3%"; "–" when a is 0 (and b is not).
  static func relativeDifference(_ a: Double, _ b: Double) -> String {
    if a == b { return "0.0%" }
    guard a != 0, a.isFinite, b.isFinite else { return "–" }
    let change = (b - a) / abs(a)
    return (change > 0 ? "+" : "") + String(format: "%.1f%%", change * 100)
  }

  /// Seconds with three decimals: "7.123 s".
  static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

  /// A number as typed: 100 → "100", 0.5 → "0.5".
  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
