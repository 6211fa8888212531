import Foundation
import Testing
@testable import BLISSim

@Suite struct NonNegativeLeastSquaresTests {
  @Test func exactSystemIsSolved() {
    let a: [[Double]] = [[1, 0], [0, 2], [1, 1]]
    let x = NonNegativeLeastSquares.solve(a, [3, 8, 7])   // x = (3, 4)
    #expect(abs(x[0] - 3) < 1e-9 && abs(x[1] - 4) < 1e-9)
  }

  @Test func negativeUnconstrainedSolutionIsClampedWithKKT() {
    // Unconstrained least squares wants x1 < 0; NNLS must return x1 = 0 and satisfy the KKT conditions.
    let a: [[Double]] = [[1, 1], [1, 2], [1, 3], [1, 4]]
    let b: [Double] = [10, 8, 6, 4]
    let x = NonNegativeLeastSquares.solve(a, b)
    #expect(x[1] == 0)
    #expect(abs(x[0] - 7) < 1e-9)   // mean of b
    // Gradient Aᵀ(b − Ax): zero on the free variable, ≤ 0 on the clamped one.
    let r = b.indices.map { b[$0] - a[$0][0] * x[0] - a[$0][1] * x[1] }
    let g0 = r.indices.reduce(0.0) { $0 + a[$1][0] * r[$1] }, g1 = r.indices.reduce(0.0) { $0 + a[$1][1] * r[$1] }
    #expect(abs(g0) < 1e-9 && g1 <= 1e-9)
  }

  @Test func fitterRecoversKnownReferenceCoefficientsFromNoisySteps() throws {
    for seed in UInt64(1)...20 {
      var rng = SeededGenerator(seed: seed)
      let truth = [5000.0, 20.0, 40.0]
      var samples: [CalibrationSample] = []
      for i in 0..<60 {
        let prefill = i % 3 == 1 ? 0 : Int.random(in: 0...4096, using: &rng)
        let decodes = i % 3 == 0 ? 0 : Int.random(in: 1...256, using: &rng)
        guard prefill + decodes > 0 else { continue }
        var batch = BatchShape(decodeCount: decodes, decodeContextTokensSum: decodes * 1000)
        if prefill > 0 { batch.prefills = [PrefillChunk(contextTokens: 0, newTokens: prefill)] }
        let exact = truth[0] + truth[1] * Double(prefill) + truth[2] * Double(decodes)
        let noisy = exact * (1 + Double.random(in: -0.02...0.02, using: &rng))   // ±2 % measurement noise
        samples.append(CalibrationSample(kind: decodes == 0 ? .prefill : (prefill == 0 ? .decode : .mixed), batch: batch,
                                         prefillShapeKnown: true, measuredMicros: noisy, line: i + 1))
      }
      let fit = try BlackboxFitter.fit(samples, form: .reference)
      for (i, t) in truth.enumerated() {
        #expect(abs(fit.beta[i] / t - 1) < 0.05, "seed \(seed): β\(i) = \(fit.beta[i]), true \(t)")
      }
    }
  }

  @Test func extendedFormRecoversContextAndKneeTermsAndDropsUnsupportedOnes() throws {
    var rng = SeededGenerator(seed: 42)
    // True model: β0 4000, β1 5, β2 8, β3 0.05 per cached decode token, knee 256 tokens at 15 µs/token; no β4.
    func truth(_ b: BatchShape) -> Double {
      4000 + 5 * Double(b.prefillTokens) + 8 * Double(b.decodeCount) + 0.05 * Double(b.decodeContextTokensSum)
        + 15 * max(0, Double(b.totalNewTokens) - 256)
    }
    var samples: [CalibrationSample] = []
    for i in 0..<80 {
      var batch = BatchShape()
      if i % 2 == 0 { batch.prefills = [PrefillChunk(contextTokens: 0, newTokens: Int.random(in: 16...8192, using: &rng))] }
      if i % 3 != 0 { batch.addDecodes(count: Int.random(in: 1...256, using: &rng), contextTokens: Int.random(in: 100...8000, using: &rng)) }
      if batch.isEmpty { batch.addDecodes(count: 4, contextTokens: 500) }
      let kind: StepMeasurement.Kind = batch.decodeCount == 0 ? .prefill : (batch.prefills.isEmpty ? .decode : .mixed)
      samples.append(CalibrationSample(kind: kind, batch: batch, prefillShapeKnown: true,
                                       measuredMicros: truth(batch) * (1 + Double.random(in: -0.01...0.01, using: &rng)), line: i + 1))
    }
    let fit = try BlackboxFitter.fit(samples, form: .extended)
    #expect(fit.beta.count == 7)
    #expect(abs(fit.beta[3] / 0.05 - 1) < 0.05, "β3 \(fit.beta[3])")
    // Above the knee only β1 + β5 is identifiable (few prefills are shorter than the knee).
    #expect(abs((fit.beta[1] + fit.beta[5]) / 20 - 1) < 0.03, "β1 + β5 = \(fit.beta[1] + fit.beta[5])")
    #expect(abs(fit.beta[0] / 4000 - 1) < 0.03 && abs(fit.beta[2] / 8 - 1) < 0.1, "β0 \(fit.beta[0]), β2 \(fit.beta[2])")
    #expect(abs(fit.beta[6] - 256) <= 26, "knee \(fit.beta[6])")
    #expect(fit.decisions.first { $0.candidate.contains("β4") }?.kept == false)
    for k in fit.report.perKind { #expect(k.mape < 0.02, "\(k.kind) MAPE \(k.mape)") }
  }

  @Test func csvInputNeverOffersThePrefillAttentionTerm() throws {
    let csv = "prefill_tokens,decode_tokens,decode_context_sum,step_us\n" + (1...12).map { i in
      "\(i * 300),\(i % 4),\((i % 4) * 900),\(5000 + i * 300 * 20 + (i % 4) * 30)"
    }.joined(separator: "\n")
    let fit = try BlackboxFitter.fit(StepCSVReader.parse(csv), form: .extended)
    let d = try #require(fit.decisions.first { $0.candidate.contains("β4") })
    #expect(!d.kept && d.reason.contains("CSV"))
    #expect(fit.beta.count < 5 || fit.beta[4] == 0)
  }
}
