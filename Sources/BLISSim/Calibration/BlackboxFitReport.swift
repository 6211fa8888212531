/// How well a set of blackbox coefficients predicts measured steps.
///
/// Predictions are the engine's own: `BlackboxModel.stepTime(for:)` (whole µs). Errors are relative
/// to the measurement: (predicted − measured) / measured.
public struct BlackboxFitReport: Sendable, Equatable, Codable {
  /// Accuracy over the steps of one kind.
  public struct KindAccuracy: Sendable, Equatable, Codable {
    public var kind: StepMeasurement.Kind
    public var rows: Int
    /// Mean absolute relative error, a fraction (0.05 = 5 %).
    public var mape: Double
    /// Largest absolute relative error, a fraction.
    public var maxAbsoluteError: Double
  }
  /// One step's residual.
  public struct Residual: Sendable, Equatable, Codable {
    public var line: Int
    public var kind: StepMeasurement.Kind
    public var shape: String
    public var measuredMicros: Double
    public var predictedMicros: Double
    /// (predicted − measured) / measured.
    public var relativeError: Double
  }

  public var rows: Int
  /// Coefficient of determination on the µs scale: 1 − Σ(measured − predicted)² / Σ(measured − mean)².
  public var rSquared: Double
  /// Mean absolute relative error over all rows, a fraction.
  public var mape: Double
  /// Per kind, in the order prefill, decode, mixed (kinds without rows omitted).
  public var perKind: [KindAccuracy]
  /// The rows with the largest absolute relative error, worst first.
  public var worst: [Residual]

  /// Evaluates `model` on `samples` (non-empty), listing the `worstCount` worst rows.
  public init(model: BlackboxModel, samples: [CalibrationSample], worstCount: Int = 5) {
    let residuals = samples.map { s in
      let p = Double(model.stepTime(for: s.batch).microseconds)
      return Residual(line: s.line, kind: s.kind, shape: s.shapeLabel, measuredMicros: s.measuredMicros,
                      predictedMicros: p, relativeError: p / s.measuredMicros - 1)
    }
    rows = residuals.count
    let mean = residuals.reduce(0) { $0 + $1.measuredMicros } / Double(max(1, rows))
    var ssRes = 0.0, ssTot = 0.0
    for r in residuals {
      ssRes += (r.measuredMicros - r.predictedMicros) * (r.measuredMicros - r.predictedMicros)
      ssTot += (r.measuredMicros - mean) * (r.measuredMicros - mean)
    }
    rSquared = ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0)
    mape = residuals.reduce(0) { $0 + abs($1.relativeError) } / Double(max(1, rows))
    perKind = StepMeasurement.Kind.allCases.compactMap { kind in
      let errors = residuals.filter { $0.kind == kind }.map { abs($0.relativeError) }
      guard !errors.isEmpty else { return nil }
      return KindAccuracy(kind: kind, rows: errors.count, mape: errors.reduce(0, +) / Double(errors.count),
                          maxAbsoluteError: errors.max() ?? 0)
    }
    // Stable order: by error, then by line, so equal errors print deterministically.
    worst = Array(residuals.sorted {
      abs($0.relativeError) != abs($1.relativeError) ? abs($0.relativeError) > abs($1.relativeError) : $0.line < $1.line
    }.prefix(worstCount))
  }

  /// MAPE of one kind, nil when there are no rows of it.
  public func mape(of kind: StepMeasurement.Kind) -> Double? { perKind.first { $0.kind == kind }?.mape }
}
