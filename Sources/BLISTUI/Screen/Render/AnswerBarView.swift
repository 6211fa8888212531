import BLISSim

/// Row 1: the planning answer — the best split of the GPU budget within the SLO, its max rate,
/// GPUs and cost — recomputed in the background on every edit. "searching… n/m" until every
/// search of the budget has finished; no winner is shown before that.
enum AnswerBarView {
  static func draw(_ state: AppState, y: Int, into canvas: inout Canvas) {
    let answer = state.answer
    let (text, style) = line(answer, state: state)
    canvas.fill(" ", x: 0, y: y, length: canvas.width, style: style)
    canvas.put(text, x: 0, y: y, style: style, maxWidth: canvas.width)
  }

  /// The bar's text and style.
  static func line(_ answer: PlanAnswer, state: AppState) -> (String, Style) {
    let budget = "\(answer.budget) × \(state.draft.hardware)"
    guard answer.isComplete else {
      let sofar = answer.results.filter { $0.maxRateRequestsPerSecond != nil }
        .max { ($0.maxRateRequestsPerSecond ?? 0) < ($1.maxRateRequestsPerSecond ?? 0) }
      let hint = sofar.map { " · so far \($0.split) \(NumberFormat.compact($0.maxRateRequestsPerSecond ?? 0)) req/s" } ?? ""
      return (" Best split of \(budget) within the SLO: searching… \(answer.finished)/\(answer.total)\(hint)", .dim)
    }
    guard let best = answer.best, let rate = best.maxRateRequestsPerSecond else {
      return (" No split of \(budget) meets the SLO (\(state.draft.slo.label)) at any rate searched", .bad)
    }
    let others = answer.bestSplitResults.filter { $0.kind != best.kind }
      .map { "\($0.kind.rawValue) " + ($0.maxRateRequestsPerSecond.map(NumberFormat.compact) ?? "none") }
    let models = ([best.kind.rawValue] + others).joined(separator: "; ")
    var parts = [" ★ Best of \(budget): \(best.split)", "\(NumberFormat.compact(rate)) req/s within SLO (\(models))",
                 "\(best.split.gpuCount) GPUs"]
    if let hour = best.usdPerHour { parts.append(NumberFormat.dollars(hour) + "/h") }
    if let million = best.usdPerMillionOutputTokens { parts.append(NumberFormat.dollars(million) + "/M out tok") }
    return (parts.joined(separator: " · "), .best)
  }
}
