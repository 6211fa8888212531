/// Why a calibration cannot be done. One-line descriptions.
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No usable steps after filtering; `detail` says which filters were applied and what the file has.
  case noSamples(detail: String)
  /// Fewer steps than the fit needs.
  case tooFewSamples(count: Int, needed: Int, what: String)
  /// The solver produced unusable coefficients (non-finite: the measurements are degenerate).
  case degenerateFit(beta: [Double])

  public var description: String {
    switch self {
    case .noSamples(let detail): return "no step measurements to fit: \(detail)"
    case .tooFewSamples(let count, let needed, let what):
      return "\(count) step measurement(s) are too few to fit \(what) (allowed: at least \(needed))"
    case .degenerateFit(let beta):
      return "the fit produced unusable coefficients \(beta) (allowed: finite numbers ≥ 0); check the measurements for extreme values"
    }
  }
}
