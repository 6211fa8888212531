/// A doubt about a run's inputs worth telling the user, as data: the CLI and the planner word it.
public enum RunWarning: Sendable, Equatable, Codable {
  /// `--beta-coeffs` given with the roofline model (which computes step times itself).
  case ignoredByRoofline(place: String)
  /// `--gpu-memory-utilization` given together with `--total-kv-blocks`, which fixes the size.
  case gpuMemoryUtilizationIgnored(place: String, kvBlocksPlace: String)
  /// A blackbox row predicts a one-request decode step under half the roofline's (the weights
  /// must be read every step), so its latencies are suspect.
  case unphysicalBlackbox(model: String, gpu: String, tensorParallelism: Int, fittedMicros: Int64, physicalMicros: Int64)
  /// Blackbox was the default but has no coefficients, and everything roofline needs was given,
  /// so roofline runs instead (as in the reference).
  case implicitRoofline(model: String, gpu: String, tensorParallelism: Int)
}
