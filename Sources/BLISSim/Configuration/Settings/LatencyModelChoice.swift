/// Which step-time model a run uses.
public enum LatencyModelChoice: String, Sendable, Hashable, CaseIterable, Codable {
  /// Analytical: the model's config.json and the GPU's peaks.
  case roofline
  /// Trained coefficients from defaults.yaml (or `--alpha-coeffs`/`--beta-coeffs`).
  case blackbox
}

/// The arrival process of the synthetic workload built from the token flags or a preset.
public enum ArrivalChoice: String, Sendable, Hashable, CaseIterable, Codable {
  case poisson, constant, gamma
}

/// How a closed loop's think times are drawn (mean `--think-time-ms`).
public enum ThinkTimeChoice: String, Sendable, Hashable, CaseIterable, Codable {
  case constant, exponential
}
