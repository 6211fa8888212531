import Foundation

/// One benchmark result prepared for serving calibration: its replay and the deployment it ran on
/// (engine settings and GPU step-time model, which stay fixed while the profile's costs move).
public struct ServingCalibrationCase: Sendable {
  public var result: BenchmarkResult
  public var replay: BenchmarkReplay
  public var engine: EngineConfiguration
  public var latencyModel: any LatencyModel
  /// GPUs per instance (decides whether the profile's tensor-parallel terms apply).
  public var tensorParallelism: Int

  public init(result: BenchmarkResult, replay: BenchmarkReplay, engine: EngineConfiguration,
              latencyModel: any LatencyModel, tensorParallelism: Int) {
    self.result = result; self.replay = replay; self.engine = engine; self.latencyModel = latencyModel
    self.tensorParallelism = tensorParallelism
  }

  /// The case for `result` on `plan`'s deployment, its arrivals drawn with `seed`.
  public init(result: BenchmarkResult, plan: RunPlan, seed: UInt64) throws {
    self.init(result: result, replay: try BenchmarkReplay.make(result, seed: seed), engine: plan.engine,
              latencyModel: plan.deployment.stepTime.model, tensorParallelism: plan.settings.tensorParallelism)
  }

  /// This case's engine running the serving stack of `profile`.
  func engine(with profile: ServingProfile) -> EngineConfiguration {
    var e = engine
    e.serving = profile.stack(tensorParallelism: tensorParallelism, multiStep: engine.serving.engineLoop.multiStep)
    return e
  }
}

/// What the calibration minimises: the mean over files of Σ weight · ln(predicted / measured)²
/// over the chosen metrics (a symmetric relative error: +10 % and −9.1 % cost the same).
public struct ServingObjective: Sendable, Equatable {
  public struct Term: Sendable, Equatable {
    public var metric: BenchmarkMetric
    public var weight: Double
    public init(_ metric: BenchmarkMetric, weight: Double = 1) { self.metric = metric; self.weight = weight }
  }

  public var terms: [Term]
  public init(terms: [Term]) { self.terms = terms }

  /// Mean TTFT, mean TPOT and mean E2E, equally weighted.
  public static let standard = ServingObjective(terms: [Term(.meanTTFT), Term(.meanTPOT), Term(.meanE2E)])

  /// The loss of one file's comparison. A metric the file does not state is skipped; a prediction
  /// that is missing or 0 where the measurement is not costs as much as a factor of e^10.
  public func loss(_ v: FileValidation) -> Double {
    terms.reduce(0) { sum, term in
      guard let c = v.comparison(term.metric), let m = c.measured, m > 0 else { return sum }
      guard let p = c.predicted, p > 0 else { return sum + term.weight * 100 }
      let e = Foundation.log(p / m)
      return sum + term.weight * e * e
    }
  }

  /// The mean loss over files.
  public func loss(_ validations: [FileValidation]) -> Double {
    validations.isEmpty ? 0 : validations.map(loss).reduce(0, +) / Double(validations.count)
  }
}
