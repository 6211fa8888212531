/// Why a calibration cannot be done. One-line descriptions.
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No usable steps after filtering; `detail` says which filters were applied and what the file has.
  case noSamples(detail: String)
  /// Fewer steps than the fit needs.
  case tooFewSamples(count: Int, needed: Int, what: String)
  /// The solver produced unusable coefficients (non-finite or absurd: the measurements are degenerate).
  case degenerateFit(beta: [Double])
  /// The step shapes do not determine the coefficients (rank of the features below their count).
  case underdetermined(rank: Int, needed: Int)

  public var description: String {
    switch self {
    case .noSamples(let detail): return "no step measurements to fit: \(detail)"
    case .tooFewSamples(let count, let needed, let what):
      return "\(count) step measurement(s) are too few to fit \(what) (allowed: at least \(needed))"
    case .degenerateFit(let beta):
      return "the fit produced unusable coefficients \(beta) (allowed: finite numbers in [0, 1e9]); check the measurements for extreme values"
    case .underdetermined(let rank, let needed):
      return "the measured steps determine only \(rank) of the \(needed) reference coefficients (β0 per step, β1 per prefill token, β2 per decode): their shapes are linearly dependent; measure steps whose prefill tokens and decode counts vary independently"
    }
  }
}
