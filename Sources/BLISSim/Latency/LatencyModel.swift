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

  /// The step time before rounding to whole microseconds and clamping to ≥ 1 µs — possibly
  /// infinite or NaN for absurd inputs, which is how `StepTimeBound` detects them before a run.
  func unroundedStepMicros(for batch: BatchShape) -> Double

  /// A short human description of the model and where its inputs came from
  /// (e.g. "roofline: llama-3.1-8b-instruct on H100 TP2").
  var summary: String { get }
}

extension LatencyModel {
  /// Models without a finer value report their rounded step time.
  public func unroundedStepMicros(for batch: BatchShape) -> Double { Double(stepTime(for: batch).microseconds) }
}
