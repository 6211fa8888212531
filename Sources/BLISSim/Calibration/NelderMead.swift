/// Derivative-free minimisation by the Nelder–Mead simplex method (the standard coefficients:
/// reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et al. 1998's ordering), for
/// objectives that are cheap to evaluate but have no gradient — such as a simulation's error.
/// Deterministic: the same objective and start give the same result.
public struct NelderMead: Sendable {
  /// Stop after this many objective evaluations.
  public var maxEvaluations: Int
  /// Stop when every vertex is within this distance of the best one (∞-norm, in the caller's units)…
  public var pointTolerance: Double
  /// … and their values within this of the best value.
  public var valueTolerance: Double

  public init(maxEvaluations: Int = 400, pointTolerance: Double = 1e-3, valueTolerance: Double = 1e-7) {
    self.maxEvaluations = maxEvaluations; self.pointTolerance = pointTolerance; self.valueTolerance = valueTolerance
  }

  public struct Result: Sendable, Equatable {
    public var point: [Double]
    public var value: Double
    public var evaluations: Int
  }

  /// Minimises `f` from `start`, with an initial simplex of `start` and `start + step_i·e_i`.
  public func minimize(_ f: ([Double]) throws -> Double, start: [Double], steps: [Double]) rethrows -> Result {
    precondition(start.count == steps.count && !start.isEmpty, "one step per coordinate")
    let n = start.count
    var evaluations = 0
    func eval(_ x: [Double]) throws -> Double {
      evaluations += 1
      let v = try f(x)
      return v.isNaN ? .infinity : v
    }
    var simplex: [(x: [Double], f: Double)] = [(start, try eval(start))]
    for i in 0..<n {
      var x = start
      x[i] += steps[i]
      simplex.append((x, try eval(x)))
    }
    while evaluations < maxEvaluations {
      // Stable order: ties keep their earlier position (determinism).
      simplex = simplex.enumerated().sorted { ($0.element.f, $0.offset) < ($1.element.f, $1.offset) }.map(\.element)
      let best = simplex[0], worst = simplex[n]
      let spread = simplex.dropFirst().map { v in zip(v.x, best.x).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
      if spread <= pointTolerance && worst.f - best.f <= valueTolerance { break }
      var centroid = Array(repeating: 0.0, count: n)
      for v in simplex.dropLast() { for i in 0..<n { centroid[i] += v.x[i] / Double(n) } }
      func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (worst.x[$0] - centroid[$0]) } }
      let reflected = along(-1)
      let fr = try eval(reflected)
      if fr < best.f {
        let expanded = along(-2)
        let fe = try eval(expanded)
        simplex[n] = fe < fr ? (expanded, fe) : (reflected, fr)
      } else if fr < simplex[n - 1].f {
        simplex[n] = (reflected, fr)
      } else {
        let outside = fr < worst.f
        let contracted = along(outside ? -0.5 : 0.5)
        let fc = try eval(contracted)
        if fc < (outside ? fr : worst.f) {
          simplex[n] = (contracted, fc)
        } else {
          for k in 1...n {
            let x = (0..<n).map { best.x[$0] + 0.5 * (simplex[k].x[$0] - best.x[$0]) }
            simplex[k] = (x, try eval(x))
          }
        }
      }
    }
    let best = simplex.enumerated().min { ($0.element.f, $0.offset) < ($1.element.f, $1.offset) }?.element ?? simplex[0]
    return Result(point: best.x, value: best.f, evaluations: evaluations)
  }
}
