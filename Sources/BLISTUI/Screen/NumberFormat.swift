import Foundation

/// Number formatting for narrow table cells: at most ~6 characters, precision that scales with size.
enum NumberFormat {
  /// `3.14`, `42.5`, `812`, `12.3k`, `4.5M`; "–" for non-finite values.
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

  /// A percentage of a fraction in 0…1: `0.423` → `42%`.
  static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "–" }
    return String(format: "%.0f%%", fraction * 100)
  }

  /// Signed relative difference of `value` against `reference`: `+12%`, `-3%`, "–" when undefined.
  static func relativeDifference(_ value: Double, against reference: Double) -> String {
    guard value.isFinite, reference.isFinite, reference > 0 else { return "–" }
    let change = (value - reference) / reference * 100
    if abs(change) >= 999 { return change > 0 ? "+999%" : "-999%" }
    return String(format: "%+.0f%%", change)
  }

  /// Simulated seconds: `4.1s`, `73s`, `12.5m`.
  static func seconds(_ value: Double) -> String {
    guard value.isFinite else { return "–" }
    if value < 100 { return String(format: "%.1fs", value) }
    if value < 6_000 { return String(format: "%.0fs", value) }
    return String(format: "%.1fm", value / 60)
  }

  /// Right-aligns `text` in `width` columns (truncating from the left if it does not fit).
  static func right(_ text: String, _ width: Int) -> String {
    if text.count >= width { return String(text.suffix(width)) }
    return String(repeating: " ", count: width - text.count) + text
  }

  /// Left-aligns `text` in `width` columns (truncating with "…" if it does not fit).
  static func left(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    if text.count > width { return String(text.prefix(width - 1)) + "…" }
    return text + String(repeating: " ", count: width - text.count)
  }
}
