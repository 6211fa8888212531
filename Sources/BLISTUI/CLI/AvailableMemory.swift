import BLISSim
import Foundation

/// The memory budget of one invocation: `BLIS_MEMORY_LIMIT_MIB` when set (a number of MiB, or
/// `off` to skip the check), else Linux's `MemAvailable` from /proc/meminfo; unknown (no check)
/// when neither can be read.
enum AvailableMemory {
  static let variable = "BLIS_MEMORY_LIMIT_MIB"

  static func budget(environment: [String: String],
                     meminfo: () -> String? = { try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) })
    throws(CLIFailure) -> MemoryBudget {
    if let text = environment[variable] {
      let value = text.trimmingCharacters(in: .whitespaces)
      if value.lowercased() == "off" { return .unknown }
      guard let mib = Double(value), mib.isFinite, mib >= 1, mib <= 1e12 else {
        throw CLIFailure(.usage, "\(variable) '\(ErrorText.excerpt(text))' is invalid: expected MiB in 1...1e12, or off")
      }
      return MemoryBudget(availableBytes: mib * 1_048_576)
    }
    return MemoryBudget(availableBytes: meminfo().flatMap(memAvailableBytes))
  }

  /// `MemAvailable:  23256000 kB` → bytes; nil when the line is missing or malformed.
  static func memAvailableBytes(_ meminfo: String) -> Double? {
    for line in meminfo.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
      let fields = line.split(separator: " ")
      guard fields.count >= 2, let kiB = Double(fields[1]) else { return nil }
      return kiB * 1024
    }
    return nil
  }
}
