/// A run whose memory estimate (`MemoryEstimate`) exceeds the memory available: one line naming
/// what drives the estimate, by how much, and what would fit. A usage error: the settings ask
/// for more than the machine has.
public struct MemoryShortfall: Error, Equatable, CustomStringConvertible {
  public var description: String

  /// The waiting queue does not fit: `load` names the flags that make it (e.g. `--num-requests
  /// 1000000000 at --rate 400`), `remedy` what to lower, given the most requests that fit.
  static func queue(load: String, estimate: MemoryEstimate, split: String, availableBytes: Double,
                    remedy: (_ fittingRequests: String) -> String) -> MemoryShortfall {
    let fitting = estimate.requestsFitting(inBytes: availableBytes).map(count) ?? "0"
    return MemoryShortfall(description: "\(load) would queue ~\(count(estimate.waitingRequests)) requests "
      + "(~\(bytes(estimate.totalBytes))) on \(split), more than the \(bytes(availableBytes)) available: \(remedy(fitting))")
  }

  /// The instances' own state does not fit (`engine` names the flags and values).
  static func engine(_ engine: String, estimate: MemoryEstimate, availableBytes: Double) -> MemoryShortfall {
    MemoryShortfall(description: "\(engine) needs ~\(bytes(estimate.totalBytes)) of engine state, more than the "
      + "\(bytes(availableBytes)) available: lower them")
  }

  /// `1.2 G`, `700 M`, `35 k` or the plain count below 10,000.
  static func count(_ n: Double) -> String {
    for (scale, unit) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where n >= (scale == 1e3 ? 1e4 : scale) {
      return "\(formatted(n / scale)) \(unit)"
    }
    return "\(Int(n.rounded()))"
  }

  /// `33 GiB`, `412 MiB`.
  static func bytes(_ b: Double) -> String {
    let gib = b / 1_073_741_824
    return gib >= 1 ? "\(formatted(gib)) GiB" : "\(Int((b / 1_048_576).rounded())) MiB"
  }

  private static func formatted(_ x: Double) -> String {
    x >= 10 ? "\(Int(x.rounded()))" : "\(Double(Int((x * 10).rounded())) / 10)"
  }
}
