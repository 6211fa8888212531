import Foundation
import Testing
@testable import BLISSim

/// `blis calibrate serving` recovers known serving costs from result files the simulator wrote with
/// them: a simulated benchmark becomes a result JSON, which is read back like any user's file.
@Suite struct ServingCalibratorTests {
  /// The "real" stack: synchronous, with known ingress, per-step and per-running-request costs.
  static var truth: ServingProfile {
    var p = ServingProfile.gpuOnly
    p.name = "truth"
    p.frontEnd.apiIngressMicros = 2_500
    p.hostCPU.stepMicros = 1_200
    p.hostCPU.perRunningRequestMicros = 60
    return p
  }

  static let engine = EngineConfiguration(maxNumSeqs: 64, maxNumBatchedTokens: 4096, totalKVBlocksPerInstance: 20_000)
  static let model = AffineLatencyModel()

  /// Runs `lengths` as a burst (or at `rate`) on `profile` and writes what benchmark_serving would have.
  /// Three files pin the three costs down: TTFT of a burst grows with the ingress time, and TPOT at
  /// batch ~1 (the slow steady file) and ~48 (the large burst) separates per-step from per-request.
  static func resultJSON(_ lengths: [(Int, Int)], rate: Double?, profile: ServingProfile) throws -> Data {
    let result = BenchmarkResult(source: "sim", requestRate: rate.map { .perSecond($0) } ?? .unbounded,
                                 inputLens: lengths.map(\.0), outputLens: lengths.map(\.1))
    let replay = try BenchmarkReplay.make(result, seed: 42)
    var engine = Self.engine
    engine.serving = profile.stack(tensorParallelism: 1)
    let v = try BenchmarkValidator.validate(result, replay: replay, engine: engine, latencyModel: Self.model)
    var object: [String: Any] = ["request_rate": rate.map { $0 as Any } ?? "inf", "num_prompts": lengths.count,
                                 "input_lens": lengths.map(\.0), "output_lens": lengths.map(\.1)]
    for c in v.comparisons { object[c.metric.rawValue] = c.predicted }
    return try JSONSerialization.data(withJSONObject: object)
  }

  static func cases() throws -> [ServingCalibrationCase] {
    let small = (0..<6).map { (200 + 50 * $0, 60 + 7 * $0) }
    let large = (0..<48).map { (100 + 31 * $0 % 500, 40 + 17 * $0 % 120) }
    let steady = (0..<30).map { (300 + 13 * $0 % 200, 80) }
    return try [(small, nil), (large, nil), (steady, 4.0)].map { lengths, rate in
      let data = try resultJSON(lengths, rate: rate, profile: truth)
      let result = try BenchmarkResult(json: data, source: "sim.json")
      return ServingCalibrationCase(result: result, replay: try BenchmarkReplay.make(result, seed: 42), engine: engine,
                                    latencyModel: model, tensorParallelism: 1)
    }
  }

  @Test func recoversTheCostsThatProducedTheFiles() throws {
    var start = Self.truth
    start.name = "start"
    start.frontEnd.apiIngressMicros = 1_000
    start.hostCPU.stepMicros = 400
    start.hostCPU.perRunningRequestMicros = 20
    let parameters: [ServingParameter] = [.apiIngress, .hostStep, .hostPerRunningRequest]
    let objective = ServingObjective(terms: [.init(.meanTTFT), .init(.meanTPOT), .init(.meanE2E), .init(.medianTPOT)])
    let fit = try ServingCalibrator.fit(try Self.cases(), start: start, parameters: parameters, objective: objective,
                                        optimizer: NelderMead(maxEvaluations: 240))
    #expect(fit.lossBefore > 0.05)
    #expect(fit.lossAfter < 1e-4, "loss \(fit.lossAfter)")
    for p in parameters {
      let truth = Self.truth[keyPath: p.keyPath], fitted = fit.fitted[keyPath: p.keyPath]
      #expect(abs(fitted / truth - 1) < 0.03, "\(p.rawValue): fitted \(fitted) vs \(truth)")
    }
    // Untouched fields keep the start's values; the reported "after" is the rounded profile's.
    #expect(fit.fitted.outputPath == start.outputPath && fit.fitted.engineLoop == start.engineLoop)
    #expect(fit.after.map { ServingObjective.standard.loss($0) } == (try ServingCalibrator.validate(try Self.cases(), profile: fit.fitted)).map { ServingObjective.standard.loss($0) })
  }

  @Test func objectiveIsASymmetricLogError() {
    let report = RunReport(latencyModel: "", seed: 0, simulatedSeconds: 0, cluster: MetricsSummary(id: "cluster"), instances: [])
    func file(_ pairs: [(BenchmarkMetric, Double?, Double?)]) -> FileValidation {
      FileValidation(source: "f", modelID: nil, requests: 1, simulatedCompleted: 1,
                     comparisons: pairs.map { MetricComparison(metric: $0.0, measured: $0.1, predicted: $0.2) }, notes: [], report: report)
    }
    let o = ServingObjective(terms: [.init(.meanTPOT), .init(.meanTTFT, weight: 2)])
    let up = o.loss(file([(.meanTPOT, 10, 20)])), down = o.loss(file([(.meanTPOT, 10, 5)]))
    #expect(abs(up - down) < 1e-12 && abs(up - log(2) * log(2)) < 1e-12)
    #expect(abs(o.loss(file([(.meanTTFT, 10, 20)])) - 2 * log(2) * log(2)) < 1e-12)
    #expect(o.loss(file([(.meanTPOT, nil, 20)])) == 0)  // the file does not state it
    #expect(o.loss(file([(.meanTPOT, 10, nil)])) == 100)
  }

  @Test func significantDigitRoundingPrintsAsTheDecimal() {
    #expect(ServingCalibrator.significant(3512.3456, digits: 4) == 3512)
    #expect(ServingCalibrator.significant(0.0123456, digits: 4) == 0.01235)
    #expect(ServingCalibrator.significant(123456, digits: 4) == 123500)
    #expect("\(ServingCalibrator.significant(9.98123, digits: 4))" == "9.981")
    #expect(ServingCalibrator.significant(0, digits: 4) == 0)
  }
}
