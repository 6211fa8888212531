/// A step-time model: how long the GPU takes for one engine step. (The host CPU, front end and
/// output path around it are the serving stack's, `ServingStack`.)
///
/// Two implementations ship: `RooflineModel` (analytical, from the model's config and the GPU's
/// peaks) and `BlackboxModel` (trained α/β coefficients). The engine never asks which one it has.
public protocol LatencyModel: Sendable {
  /// GPU duration of one forward pass over `batch`.
  ///
  /// Postcondition: the result is ≥ 1 µs, so the clock always moves.
  func stepTime(for batch: BatchShape) -> SimDuration

  /// A short human description of the model and where its inputs came from
  /// (e.g. "roofline: llama-3.1-8b-instruct on H100 TP2").
  var summary: String { get }
}
