import Foundation

/// Where the time of one roofline step goes, in microseconds.
///
/// `computeMicros` sums the kernels whose FLOP time exceeded their byte time, `memoryMicros` the
/// kernels that were bandwidth-bound; `communicationMicros` is tensor-parallel all-reduce time and
/// `overheadMicros` the fixed per-layer and per-step GPU overheads. They add up to `totalMicros`.
public struct StepTimeBreakdown: Sendable, Equatable, Codable {
  /// Which part dominated the step.
  public enum Bound: String, Sendable, Codable { case compute, memory, communication, overhead }

  public var computeMicros: Double
  public var memoryMicros: Double
  public var communicationMicros: Double
  public var overheadMicros: Double

  public init(computeMicros: Double = 0, memoryMicros: Double = 0, communicationMicros: Double = 0,
              overheadMicros: Double = 0) {
    self.computeMicros = computeMicros; self.memoryMicros = memoryMicros
    self.communicationMicros = communicationMicros; self.overheadMicros = overheadMicros
  }

  /// Sum of the four parts.
  public var totalMicros: Double { computeMicros + memoryMicros + communicationMicros + overheadMicros }

  /// The largest part (ties resolve in the order compute, memory, communication, overhead).
  public var bound: Bound {
    var best = (Bound.compute, computeMicros)
    for c in [(Bound.memory, memoryMicros), (.communication, communicationMicros), (.overhead, overheadMicros)]
    where c.1 > best.1 { best = c }
    return best.0
  }

  /// One kernel whose time is the larger of its FLOP time and its byte time (seconds), filed
  /// under whichever bound it is.
  static func kernel(computeSeconds: Double, memorySeconds: Double) -> StepTimeBreakdown {
    computeSeconds >= memorySeconds ? StepTimeBreakdown(computeMicros: computeSeconds * 1e6)
                                    : StepTimeBreakdown(memoryMicros: memorySeconds * 1e6)
  }

  /// A kernel on a smooth roofline, (c^p + m^p)^(1/p) seconds, filed under the larger bound.
  static func blendedKernel(computeSeconds c: Double, memorySeconds m: Double, exponent p: Double) -> StepTimeBreakdown {
    let larger = max(c, m)
    guard larger > 0 else { return StepTimeBreakdown() }
    let seconds = larger * pow(pow(c / larger, p) + pow(m / larger, p), 1 / p)   // scaled to avoid overflow
    return c >= m ? StepTimeBreakdown(computeMicros: seconds * 1e6) : StepTimeBreakdown(memoryMicros: seconds * 1e6)
  }

  /// Every part multiplied by `factor` (e.g. a per-layer cost times the layer count).
  func scaled(by factor: Double) -> StepTimeBreakdown {
    StepTimeBreakdown(computeMicros: computeMicros * factor, memoryMicros: memoryMicros * factor,
                      communicationMicros: communicationMicros * factor, overheadMicros: overheadMicros * factor)
  }

  static func += (a: inout StepTimeBreakdown, b: StepTimeBreakdown) {
    a.computeMicros += b.computeMicros; a.memoryMicros += b.memoryMicros
    a.communicationMicros += b.communicationMicros; a.overheadMicros += b.overheadMicros
  }
}
