import Testing
@testable import BLISSim

@Suite struct NelderMeadTests {
  /// The Rosenbrock valley: the classic hard case for simplex methods; minimum 0 at (1, 1).
  static func rosenbrock(_ x: [Double]) -> Double {
    let a = 1 - x[0], b = x[1] - x[0] * x[0]
    return a * a + 100 * b * b
  }

  @Test func findsTheRosenbrockMinimum() {
    let r = NelderMead(maxEvaluations: 2_000, pointTolerance: 1e-6, valueTolerance: 1e-12)
      .minimize(Self.rosenbrock, start: [-1.2, 1], steps: [0.5, 0.5])
    #expect(abs(r.point[0] - 1) < 1e-3 && abs(r.point[1] - 1) < 1e-3, "\(r.point)")
    #expect(r.value < 1e-6 && r.evaluations < 2_000)
  }

  @Test func stopsAtTheEvaluationBudgetAndIsDeterministic() {
    let search = NelderMead(maxEvaluations: 25)
    let a = search.minimize(Self.rosenbrock, start: [-1.2, 1], steps: [0.5, 0.5])
    #expect(a.evaluations <= 25 + 2)  // a shrink may finish its round
    #expect(a == search.minimize(Self.rosenbrock, start: [-1.2, 1], steps: [0.5, 0.5]))
    #expect(a.value < Self.rosenbrock([-1.2, 1]))
  }

  @Test func handlesNaNAsWorst() {
    let r = NelderMead(maxEvaluations: 400).minimize({ x in x[0] < 0 ? .nan : (x[0] - 2) * (x[0] - 2) }, start: [0.5], steps: [1])
    #expect(abs(r.point[0] - 2) < 1e-2)
  }
}
