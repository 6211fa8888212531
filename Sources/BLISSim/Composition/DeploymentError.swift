/// Why a (model, GPU, TP, latency model) deployment cannot be simulated. One line each.
public enum DeploymentError: Error, Equatable, Sendable, CustomStringConvertible {
  case missingFile(flag: String, path: String)
  /// No blackbox coefficients for this model/GPU/TP.
  case noCoefficients(model: String, gpu: String, tensorParallelism: Int, available: [String])
  /// TP does not divide the attention heads (or the KV heads, or vice versa); `place` names the
  /// setting as `--tp` or `tp (run.yaml:3)`.
  case tensorParallelismDoesNotDivide(place: String, tp: Int, heads: Int, kvHeads: Int, allowed: [Int])
  /// No model config could be found, with close names.
  case unknownModel(model: String, reason: String, suggestion: String)

  public var description: String {
    switch self {
    case .missingFile(let flag, let path):
      return "\(flag): file not found at \(path)"
    case .noCoefficients(let model, let gpu, let tp, let available):
      let others = available.isEmpty ? "" : " (rows exist for: \(available.joined(separator: ", ")))"
      return "blackbox: no coefficients for model=\(model) GPU=\(gpu) TP=\(tp) in defaults.yaml\(others); use --roofline, pass --alpha-coeffs/--beta-coeffs, or fit some with blis calibrate"
    case .tensorParallelismDoesNotDivide(let place, let tp, let heads, let kvHeads, let allowed):
      return "\(place) '\(tp)' is invalid: expected a TP that divides the model's \(heads) attention heads, with its "
        + "\(kvHeads) KV heads split or replicated evenly: \(allowed.map(String.init).joined(separator: ", "))"
    case .unknownModel(let model, let reason, let suggestion):
      return "--model \(model): \(reason)\(suggestion)"
    }
  }
}
