import Foundation

/// Fits a serving profile's host-CPU and front-end costs to benchmark results: Nelder–Mead on the
/// chosen parameters (each scaled by max(its starting value, a typical magnitude), kept within the
/// profile file's range), minimising `ServingObjective`, restarted from the best point while it improves.
/// The GPU step model and the engine settings stay fixed. Deterministic.
public enum ServingCalibrator {
  /// The result of a fit: the profile before and after, and every file's comparison with each.
  public struct Fit: Sendable {
    public var start: ServingProfile
    /// The fitted profile, its values rounded to 4 significant digits (as written to the file).
    public var fitted: ServingProfile
    public var parameters: [ServingParameter]
    public var before: [FileValidation]
    public var after: [FileValidation]
    public var lossBefore: Double
    public var lossAfter: Double
    public var evaluations: Int
  }

  /// Every case's comparison with the serving stack of `profile` (cases run in parallel; the
  /// result is in case order and deterministic).
  public static func validate(_ cases: [ServingCalibrationCase], profile: ServingProfile) throws -> [FileValidation] {
    let outcomes = ParallelMap.map(cases) { c in
      Result { try BenchmarkValidator.validate(c.result, replay: c.replay, engine: c.engine(with: profile), latencyModel: c.latencyModel) }
    }
    return try outcomes.map { try $0.get() }
  }

  public static func fit(_ cases: [ServingCalibrationCase], start: ServingProfile, parameters: [ServingParameter],
                         objective: ServingObjective = .standard, optimizer: NelderMead = NelderMead()) throws -> Fit {
    let before = try validate(cases, profile: start)
    let lossBefore = objective.loss(before)
    let units = parameters.map { max(abs(start[keyPath: $0.keyPath]), $0.typicalMicros) }
    func profile(_ x: [Double], rounding: Bool = false) -> ServingProfile {
      var p = start
      for (i, parameter) in parameters.enumerated() {
        let v = min(max(0, x[i] * units[i]), parameter.maximumMicros)
        p[keyPath: parameter.keyPath] = rounding ? significant(v, digits: 4) : v
      }
      return p
    }
    func loss(_ x: [Double]) -> Double {
      guard let v = try? validate(cases, profile: profile(x)) else { return .infinity }
      return objective.loss(v)
    }
    let x0 = parameters.indices.map { start[keyPath: parameters[$0].keyPath] / units[$0] }
    // A simplex collapses on a simulation's piecewise-flat error surface; restarting from the best
    // point with a fresh, smaller simplex while it still improves escapes most such stalls.
    var best = NelderMead.Result(point: x0, value: lossBefore, evaluations: 1)
    var evaluations = 1
    var step = 0.3
    while evaluations < optimizer.maxEvaluations {
      var search = optimizer
      search.maxEvaluations = optimizer.maxEvaluations - evaluations
      let round = search.minimize(loss, start: best.point, steps: Array(repeating: step, count: parameters.count))
      evaluations += round.evaluations
      let improved = round.value < best.value - 1e-9 * max(1, best.value)
      if round.value <= best.value { best = round }
      if !improved && step <= 0.05 { break }
      step = max(0.05, step / 2)
    }
    let fitted = profile(best.point, rounding: true)
    let after = try validate(cases, profile: fitted)
    return Fit(start: start, fitted: fitted, parameters: parameters, before: before, after: after,
               lossBefore: lossBefore, lossAfter: objective.loss(after), evaluations: evaluations + 1)
  }

  /// `value` rounded to `digits` significant digits (0 stays 0).
  static func significant(_ value: Double, digits: Int) -> Double {
    guard value != 0, value.isFinite else { return value }
    // Exact powers of ten on both sides, so the result is the double nearest the decimal value
    // (and prints as that decimal).
    let exponent = digits - Int(Foundation.ceil(Foundation.log10(abs(value))))
    let power = Foundation.pow(10, Double(abs(exponent)))
    return exponent >= 0 ? (value * power).rounded() / power : (value / power).rounded() * power
  }
}
