/// A simulation's memo of its step-time model: for a `TokenCountSeparable` model, the token-count
/// and logits parts are computed once per count and reused (exactly: `stepTime(for:)` is the same
/// sum); any other model is called as is. A value owned by one simulation, so it needs no locking.
struct StepTimeCache: Sendable {
  let model: any LatencyModel
  private let separable: (any TokenCountSeparable)?
  private var byTokens: [Double] = []
  private var byLogitsRows: [Double] = []
  /// Counts beyond this are not memoised (bounded memory for huge token budgets).
  private static let limit = 1 << 16

  init(model: any LatencyModel) {
    self.model = model
    separable = model as? any TokenCountSeparable
  }

  mutating func stepTime(for batch: BatchShape) -> SimDuration {
    guard let m = separable, !batch.isEmpty else { return model.stepTime(for: batch) }
    return m.separableStepTime(tokenCountMicros: memo(&byTokens, batch.totalNewTokens) { m.tokenCountMicros($0) },
                               logitsMicros: memo(&byLogitsRows, batch.logitsRows) { m.logitsMicros($0) },
                               batchMicros: m.batchMicros(batch))
  }

  @inline(__always)
  private func memo(_ table: inout [Double], _ n: Int, _ compute: (Int) -> Double) -> Double {
    guard n < Self.limit else { return compute(n) }
    if n >= table.count { table.append(contentsOf: repeatElement(.nan, count: max(n + 1, table.count * 2) - table.count)) }
    if table[n].isNaN { table[n] = compute(n) }
    return table[n]
  }
}
