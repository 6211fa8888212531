/// A step-time model whose step time is f(tokens) + g(logits rows) + h(batch), where only h needs
/// the whole batch shape. An engine can then memoise f and g per count (`StepTimeCache`): the
/// roofline's GEMMs and FFNs (its costly part, with a `pow` per kernel) depend only on how many
/// tokens the step computes, so a long run evaluates them once per distinct count. The rest, needed
/// every step, is attention (causal prefill over the cached context, decode KV reads): a small value
/// of constants the memo keeps, so a step never goes through the model (a large value) for it.
protocol TokenCountSeparable: LatencyModel {
  /// The part that depends only on the step's total new tokens, µs.
  func tokenCountMicros(_ tokens: Int) -> Double
  /// The part that depends only on the sequences whose logits are computed, µs.
  func logitsMicros(_ rows: Int) -> Double
  /// The rest: `batchCosts.allLayersMicros(batch)` µs.
  var batchCosts: AttentionCosts { get }
}

extension TokenCountSeparable {
  /// The step time from its three parts: their sum rounded to the microsecond, at least 1 µs.
  /// `stepTime(for:)` must equal this for any batch, so a memoised evaluation is exact.
  func separableStepTime(tokenCountMicros: Double, logitsMicros: Double, batchMicros: Double) -> SimDuration {
    .step(micros: tokenCountMicros + logitsMicros + batchMicros)
  }
}

extension SimDuration {
  /// A step time from its unrounded microseconds: rounded to the microsecond, at least 1 µs
  /// (NaN is 1 µs, and an absurd value saturates).
  @inlinable @inline(__always) public static func step(micros: Double) -> SimDuration {
    SimDuration(microseconds: Swift.max(1, saturatingMicroseconds(roundedHalfAwayFromZero(micros))))
  }
}
