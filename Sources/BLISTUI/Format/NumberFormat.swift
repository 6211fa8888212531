import Foundation

/// The one number formatter of the `blis` executable: CLI tables and the interactive planner.
/// Fixed, locale-independent; "–" (or "-" for `fixed`) for values that are not finite.
enum NumberFormat {
  // MARK: Narrow cells (the planner)

  /// At most ~6 characters, precision that scales with size: `3.14`, `42.5`, `812`, `12.3k`, `4.5M`.
  static func compact(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    let magnitude = abs(value)
    if magnitude >= 1, magnitude < 10_000, value == value.rounded() { return String(format: "%.0f", value) }
    switch magnitude {
    case ..<10: return String(format: "%.2f", value)
    case ..<100: return String(format: "%.1f", value)
    case ..<10_000: return String(format: "%.0f", value)
    case ..<1_000_000: return String(format: "%.1fk", value / 1_000)
    default: return String(format: "%.1fM", value / 1_000_000)
    }
  }

  /// Simulated seconds in at most 6 characters: `4.1s`, `73s`, `12.5m`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "–" }
    if seconds < 100 { return String(format: "%.1fs", seconds) }
    if seconds < 6_000 { return String(format: "%.0fs", seconds) }
    return String(format: "%.1fm", seconds / 60)
  }

  /// US dollars: `$0.071`, `$1.35`, `$24`, `$1.2k`.
  static func dollars(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    switch abs(value) {
    case ..<1: return String(format: "$%.3f", value)
    case ..<10: return String(format: "$%.2f", value)
    case ..<10_000: return String(format: "$%.0f", value)
    default: return "$" + compact(value)
    }
  }

  // MARK: Tables (the CLI)

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

  /// Fixed decimals, "-" for nil or non-finite (planning tables).
  static func fixed(_ value: Double?, _ decimals: Int) -> String {
    guard let value, value.isFinite else { return "-" }
    return String(format: "%.\(decimals)f", value)
  }

  /// Seconds with three decimals: "7.123 s".
  static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }

  /// A number as typed: 100 → "100", 0.5 → "0.5".
  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }

  // MARK: Shared

  /// A fraction as a percentage: 0.1234 → "12.3%" (one decimal, the CLI) or "12%" (`decimals: 0`).
  static func percent(_ fraction: Double, decimals: Int = 1) -> String {
    guard fraction.isFinite else { return "–" }
    return String(format: "%.\(decimals)f%%", fraction * 100)
  }

  /// The one relative-difference convention (as `blis compare` prints it): `b` relative to `a`,
  /// (b − a) / |a| → "+12.3%"; "0.0%" when equal, "–" when `a` is 0 or a value is not finite.
  /// Beyond ±`maximumPercent` the text saturates (`+999%` in a narrow column).
  static func relativeDifference(_ a: Double, _ b: Double, decimals: Int = 1,
                                 maximumPercent: Double = .infinity) -> String {
    if a == b { return String(format: "%.\(decimals)f%%", 0.0) }
    guard a != 0, a.isFinite, b.isFinite else { return "–" }
    let change = min(maximumPercent, max(-maximumPercent, (b - a) / abs(a) * 100))
    let text = String(format: "%.\(decimals)f%%", abs(change))
    // A change that rounds to zero carries no sign ("0%", never "-0%").
    guard text != String(format: "%.\(decimals)f%%", 0.0) else { return text }
    return (change > 0 ? "+" : "-") + text
  }
}
