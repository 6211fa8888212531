/// A simulation's memo of its step-time model: for a `TokenCountSeparable` model, the token-count
/// and logits parts are computed once per count and reused (exactly: `stepTime(for:)` is the same
/// sum); any other model is called as is. A value owned by one simulation, so it needs no locking.
struct StepTimeCache: Sendable {
  let model: any LatencyModel
  /// The separable model, boxed: a method called through a stored optional existential copies it
  /// (a retain and a release of its fields); through a class's constant it does not. Only memo
  /// misses call it.
  private let separable: Separable?
  /// The separable model's per-step part (its constants, kept here: no model call per step).
  private let batchCosts: AttentionCosts?
  private var byTokens: [Double] = []
  private var byLogitsRows: [Double] = []
  /// Decode-only steps (most steps): tokens = logits rows = decode count, so the two parts' sum is
  /// one memo entry (the same sum: `a + b + c` is `(a + b) + c`).
  private var byDecodeCount: [Double] = []
  /// Counts beyond this are not memoised (bounded memory for huge token budgets).
  private static let limit = 1 << 16

  private final class Separable: Sendable {
    let model: any TokenCountSeparable
    init(_ model: any TokenCountSeparable) { self.model = model }
  }

  init(model: any LatencyModel) {
    self.model = model
    separable = (model as? any TokenCountSeparable).map(Separable.init)
    batchCosts = separable?.model.batchCosts
  }

  mutating func stepTime(for batch: BatchShape) -> SimDuration {
    guard let batchCosts, !batch.isEmpty else { return model.stepTime(for: batch) }
    if batch.prefills.isEmpty {
      let n = batch.decodeCount
      let countMicros: Double
      if let hit = Self.recalled(byDecodeCount, n) {
        countMicros = hit
      } else {
        countMicros = tokenCountMicros(n) + logitsMicros(n)
        Self.memoise(&byDecodeCount, n, countMicros)
      }
      return .step(micros: countMicros + batchCosts.decodeOnlyMicros(batch))
    }
    // One pass over the prefill chunks for both counts.
    var tokens = batch.decodeCount, rows = batch.decodeCount
    for p in batch.prefills {
      tokens += p.newTokens
      if p.completesPrompt { rows += 1 }
    }
    // The same sum as `TokenCountSeparable.separableStepTime`.
    return .step(micros: tokenCountMicros(tokens) + logitsMicros(rows) + batchCosts.allLayersMicros(batch))
  }

  /// The separable model's token-count part for `tokens`, memoised.
  @inline(__always)
  private mutating func tokenCountMicros(_ tokens: Int) -> Double {
    memoised(\.byTokens, tokens) { $0.tokenCountMicros($1) }
  }

  /// The separable model's logits part for `rows`, memoised.
  @inline(__always)
  private mutating func logitsMicros(_ rows: Int) -> Double {
    memoised(\.byLogitsRows, rows) { $0.logitsMicros($1) }
  }

  /// `table`'s value for count `n`, computed by `evaluate` on a miss (once per count). Hits read the
  /// table in place. The box is read through `self` rather than bound to a local, which would
  /// retain and release it every step. (A miss computes the value before the table is accessed
  /// for writing: evaluating the model during that access would copy `self`, and with it the table.)
  @inline(__always)
  private mutating func memoised(_ table: WritableKeyPath<StepTimeCache, [Double]>, _ n: Int,
                                 _ evaluate: (any TokenCountSeparable, Int) -> Double) -> Double {
    if let hit = Self.recalled(self[keyPath: table], n) { return hit }
    let micros = evaluate(separable!.model, n)
    Self.memoise(&self[keyPath: table], n, micros)
    return micros
  }

  /// The memoised value for count `n`, if any (NaN marks a count not computed yet).
  @inline(__always)
  private static func recalled(_ table: [Double], _ n: Int) -> Double? {
    guard n < table.count, !table[n].isNaN else { return nil }
    return table[n]
  }

  /// Stores `value` for count `n` (when `n` is within the memo's bound).
  private static func memoise(_ table: inout [Double], _ n: Int, _ value: Double) {
    guard n < limit else { return }
    if n >= table.count { table.append(contentsOf: repeatElement(.nan, count: max(n + 1, table.count * 2) - table.count)) }
    table[n] = value
  }
}
