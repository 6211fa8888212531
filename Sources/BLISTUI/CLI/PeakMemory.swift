import Foundation

/// The process's peak resident set size (Linux `VmHWM`), resettable so that each of several
/// runs in one process reports its own peak.
enum PeakMemory {
  /// Resets the high-water mark to the current RSS (writes "5" to /proc/self/clear_refs, Linux
  /// ≥ 4.0); where that is not allowed the mark keeps the earlier runs' peak.
  static func reset() {
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    guard fd >= 0 else { return }
    _ = "5".withCString { write(fd, $0, 1) }
    close(fd)
  }

  /// Peak RSS since the last reset (or process start), MiB; 0 if unavailable.
  static func peakMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kiB = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
      return kiB / 1024
    }
    return 0
  }
}
