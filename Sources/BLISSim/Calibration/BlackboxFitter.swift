/// Which blackbox form a calibration fits.
public enum BlackboxModelForm: String, Sendable, CaseIterable, Codable {
  /// The reference's three terms: β0 per step, β1 per prefill token, β2 per decode request.
  case reference
  /// The reference terms plus whichever extended terms (`BlackboxTerm` β3…β6) the data supports.
  case extended
}

/// The outcome of one candidate term group during extended-form selection.
public struct BlackboxTermDecision: Sendable, Equatable, Codable {
  /// The group's name: "decode context (β3)", "prefill attention (β4)" or "compute knee (β5, β6)".
  public var candidate: String
  /// RMS relative error before and with the group, fractions; nil when the data cannot support it.
  public var rmsBefore: Double?
  public var rmsWith: Double?
  public var kept: Bool
  /// Why it was kept or dropped.
  public var reason: String
}

/// A fitted set of β coefficients with its accuracy.
public struct BlackboxFit: Sendable, Equatable {
  public var form: BlackboxModelForm
  /// β by position (`BlackboxTerm`), trimmed after the last non-zero extended term: 3 entries for the
  /// reference form, up to 7 (β6 = knee) for the extended one.
  public var beta: [Double]
  /// Extended-form decisions in the order they were made (empty for the reference form).
  public var decisions: [BlackboxTermDecision]
  /// RMS relative error of the fit (the minimised quantity), a fraction.
  public var rmsRelativeError: Double
  /// Accuracy of `beta` evaluated by `BlackboxModel`.
  public var report: BlackboxFitReport
}

/// Fits blackbox β coefficients to measured steps by non-negative least squares.
///
/// **Relative error.** Each row is weighted by 1/measured, so the fit minimises Σ((predicted −
/// measured)/measured)²: a 6 ms decode step and a 500 ms prefill count alike. Unweighted least squares
/// would let the few long prefills set every coefficient and leave the many short decode steps
/// (the bulk of a serving run's steps) tens of percent off.
///
/// **Extended form, term selection.** Starting from the reference terms, the candidate groups —
/// β3 decode context, β4 prefill attention (only when every prefill row knows its chunk shape, i.e.
/// JSONL input), β5 tokens beyond a knee β6 (the knee is searched on a grid of step token counts) —
/// are tried one at a time; the group that lowers the RMS relative error most is kept if it lowers
/// it by at least `minimumImprovement` (5 %) of its current value and the rows still outnumber the
/// coefficients by 3; repeat until no group qualifies. A group that does not pay for itself is
/// dropped (its β is 0), so a richer form is used only when the data supports it.
public enum BlackboxFitter {
  /// Minimum relative reduction of the RMS relative error for an extended term group to be kept.
  public static let minimumImprovement = 0.05

  /// Fits `form` to `samples`.
  /// - Throws: `CalibrationError.tooFewSamples` when the rows do not outnumber the coefficients.
  public static func fit(_ samples: [CalibrationSample], form: BlackboxModelForm, worstCount: Int = 5) throws(CalibrationError) -> BlackboxFit {
    guard !samples.isEmpty else { throw .noSamples(detail: "the input has no step rows") }
    let reference: [BlackboxTerm] = [.step, .prefillToken, .decodeRequest]
    guard samples.count >= reference.count + 1 else {
      throw .tooFewSamples(count: samples.count, needed: reference.count + 1, what: "the 3 reference coefficients")
    }
    let rank = Self.rank(samples, terms: reference)
    guard rank == reference.count else { throw .underdetermined(rank: rank, needed: reference.count) }
    var current = solve(samples, terms: reference, knee: nil)
    var decisions: [BlackboxTermDecision] = []
    if form == .extended {
      var groups: [(name: String, term: BlackboxTerm, usable: String?)] = [
        ("decode context (β3)", .decodeContextToken,
         samples.contains { $0.batch.decodeCount > 0 } ? nil : "no decode steps"),
        ("prefill attention (β4)", .prefillAttentionPair,
         !samples.contains { $0.batch.prefillTokens > 0 } ? "no prefill steps"
           : samples.contains { $0.batch.prefillTokens > 0 && !$0.prefillShapeKnown } ? "prefill chunk shapes unknown (CSV input)" : nil),
        ("compute knee (β5, β6)", .tokensBeyondKnee, nil),
      ]
      for g in groups where g.usable != nil {
        decisions.append(BlackboxTermDecision(candidate: g.name, rmsBefore: nil, rmsWith: nil, kept: false, reason: g.usable!))
      }
      groups.removeAll { $0.usable != nil }
      while !groups.isEmpty {
        let trials = groups.map { g in solve(samples, terms: current.terms + [g.term], knee: g.term == .tokensBeyondKnee ? .search : current.knee.map { .fixed($0) }) }
        let best = trials.indices.min { trials[$0].rms < trials[$1].rms }!
        let g = groups[best], trial = trials[best]
        let parameters = trial.terms.count + (trial.knee == nil ? 0 : 1)
        let improved = trial.rms <= current.rms * (1 - minimumImprovement)
        let enoughRows = samples.count >= parameters + 3
        if improved && enoughRows {
          decisions.append(BlackboxTermDecision(candidate: g.name, rmsBefore: current.rms, rmsWith: trial.rms, kept: true,
                                                reason: "lowers the RMS relative error by \(percent(1 - trial.rms / current.rms))"))
          current = trial
          groups.remove(at: best)
          continue
        }
        let why = !enoughRows ? "needs ≥ \(parameters + 3) rows, have \(samples.count)"
          : "lowers the RMS relative error by only \(percent(max(0, 1 - trial.rms / current.rms))) (< \(percent(minimumImprovement)))"
        for (i, other) in groups.enumerated() {
          decisions.append(BlackboxTermDecision(candidate: other.name, rmsBefore: current.rms, rmsWith: trials[i].rms, kept: false,
                                                reason: i == best ? why : "not better than \(g.name), which was not kept"))
        }
        break
      }
    }
    let beta = current.beta
    let model: BlackboxModel
    do { model = try BlackboxModel(coefficients: BlackboxCoefficients(alpha: [0, 0, 0], beta: beta)) } catch {
      throw .degenerateFit(beta: beta)
    }
    guard current.rms.isFinite, beta.allSatisfy({ $0 <= 1e9 }) else { throw .degenerateFit(beta: beta) }
    return BlackboxFit(form: form, beta: beta, decisions: decisions, rmsRelativeError: current.rms,
                       report: BlackboxFitReport(model: model, samples: samples, worstCount: worstCount))
  }

  /// The rank of the rows' features for `terms` (each row weighted by 1/measured, each column
  /// scaled to unit norm), by Gram–Schmidt with a relative tolerance of 1e-6: below the number of
  /// terms, the measurements cannot tell the coefficients apart (e.g. every row has the same shape,
  /// or prefill and decode sizes always move together) and any split the solver picks is arbitrary.
  static func rank(_ samples: [CalibrationSample], terms: [BlackboxTerm]) -> Int {
    var columns = terms.map { term in samples.map { $0.feature(term, kneeTokens: 0) / $0.measuredMicros } }
    var basis: [[Double]] = []
    for j in columns.indices {
      let norm = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 0, norm.isFinite else { continue }
      columns[j] = columns[j].map { $0 / norm }
      for b in basis {
        let dot = zip(columns[j], b).reduce(0) { $0 + $1.0 * $1.1 }
        columns[j] = zip(columns[j], b).map { $0 - dot * $1 }
      }
      let rest = columns[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
      if rest > 1e-6 { basis.append(columns[j].map { $0 / rest }) }
    }
    return basis.count
  }

  // MARK: - Solving one term set

  enum Knee { case search, fixed(Double) }

  struct Solution {
    var terms: [BlackboxTerm]
    var knee: Double?
    var coefficients: [Double]
    var rms: Double
    /// β by position, trimmed after the last term of the set.
    var beta: [Double] {
      var out = Array(repeating: 0.0, count: 7)
      for (t, c) in zip(terms, coefficients) { out[t.rawValue] = c }
      if let knee { out[BlackboxTerm.kneeTokens.rawValue] = knee }
      let last = max(2, (terms.map(\.rawValue) + (knee == nil ? [] : [BlackboxTerm.kneeTokens.rawValue])).max() ?? 2)
      return Array(out.prefix(last + 1))
    }
  }

  static func solve(_ samples: [CalibrationSample], terms: [BlackboxTerm], knee: Knee?) -> Solution {
    guard let knee else { return weighted(samples, terms: terms, knee: nil) }
    switch knee {
    case .fixed(let k): return weighted(samples, terms: terms, knee: k)
    case .search:
      // Coarse grid over the step token counts seen, then a fine pass around the best knee.
      let maxTokens = samples.map { $0.batch.totalNewTokens }.max() ?? 1
      let coarse = max(4, (maxTokens + 255) / 256)
      var best = weighted(samples, terms: terms, knee: Double(coarse))
      for k in stride(from: 2 * coarse, to: maxTokens, by: coarse) {
        let s = weighted(samples, terms: terms, knee: Double(k))
        if s.rms < best.rms { best = s }
      }
      let center = Int(best.knee ?? 0), fine = max(1, coarse / 16)
      for k in stride(from: max(1, center - coarse), through: center + coarse, by: fine) {
        let s = weighted(samples, terms: terms, knee: Double(k))
        if s.rms < best.rms { best = s }
      }
      return best
    }
  }

  /// NNLS on rows weighted by 1/measured, columns scaled to unit norm.
  static func weighted(_ samples: [CalibrationSample], terms: [BlackboxTerm], knee: Double?) -> Solution {
    let k = knee ?? 0
    var a = samples.map { s in terms.map { s.feature($0, kneeTokens: k) / s.measuredMicros } }
    var scale = Array(repeating: 0.0, count: terms.count)
    for row in a { for j in row.indices { scale[j] += row[j] * row[j] } }
    scale = scale.map { $0 > 0 ? $0.squareRoot() : 1 }
    for i in a.indices { for j in a[i].indices { a[i][j] /= scale[j] } }
    let x = NonNegativeLeastSquares.solve(a, Array(repeating: 1, count: samples.count))
    let coefficients = zip(x, scale).map { $0 / $1 }
    var sum = 0.0
    for s in samples {
      var p = 0.0
      for (t, c) in zip(terms, coefficients) { p += c * s.feature(t, kneeTokens: k) }
      sum += (p / s.measuredMicros - 1) * (p / s.measuredMicros - 1)
    }
    return Solution(terms: terms, knee: knee, coefficients: coefficients, rms: (sum / Double(samples.count)).squareRoot())
  }

  private static func percent(_ fraction: Double) -> String {
    let p = (fraction * 1000).rounded() / 10
    return "\(p) %"
  }
}
