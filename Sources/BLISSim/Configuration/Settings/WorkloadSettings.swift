import Foundation

/// The workload part of the run settings: a preset, a spec/trace file, or the token-length
/// flags, with the arrival process. Built-in defaults are the initial values.
public struct WorkloadSettings: Sendable, Equatable {
  /// A token-length distribution: Gaussian mean/stdev, clamped to [min, max]. Checked:
  /// 1 ≤ min ≤ mean ≤ max, stdev ≥ 0.
  public struct TokenLengths: Sendable, Equatable {
    public var meanTokens: Int
    public var stdevTokens: Int
    public var minTokens: Int
    public var maxTokens: Int
    public init(meanTokens: Int, stdevTokens: Int, minTokens: Int, maxTokens: Int) {
      self.meanTokens = meanTokens
      self.stdevTokens = stdevTokens
      self.minTokens = minTokens
      self.maxTokens = maxTokens
    }

    /// The distribution: constant when there is no spread, else a clamped normal.
    public var distribution: LengthDistribution {
      stdevTokens == 0 || minTokens == maxTokens
        ? .constant(meanTokens)
        : .normal(mean: Double(meanTokens), stdev: Double(stdevTokens), min: minTokens, max: maxTokens)
    }
  }

  public var rateRequestsPerSecond: Double = 1
  public var numRequests: Int = 100
  /// A built-in preset; nil = synthesise from the token lengths (`--workload distribution`).
  public var preset: WorkloadPreset?
  /// A YAML workload spec or a CSV trace (`.csv`); replaces the synthetic workload.
  public var specFile: URL?
  public var promptTokens = TokenLengths(meanTokens: 512, stdevTokens: 256, minTokens: 2, maxTokens: 7000)
  public var outputTokens = TokenLengths(meanTokens: 512, stdevTokens: 256, minTokens: 2, maxTokens: 7000)
  /// Poisson rather than the reference's constant spacing: real traffic is not evenly spaced.
  public var arrival: ArrivalChoice = .poisson
  /// Coefficient of variation of gamma gaps (> 0; 1 = Poisson-like).
  public var arrivalCV: Double = 1
  /// Closed loop: this many clients, each sending its next request when the previous one
  /// completed (nil = open loop). Without an explicit `--rate` they send as fast as answered.
  public var concurrency: Int?
  /// A client's pause between its answer and its next request, ms (closed loop only).
  public var thinkTimeMilliseconds: Double = 0
  /// Think times are constant, or exponential with that mean.
  public var thinkTime: ThinkTimeChoice = .constant

  public init() {}

  /// The closed loop these settings describe, if any.
  public var closedLoop: ClosedLoop? {
    concurrency.map { clients in
      let think: ClosedLoop.ThinkTime = thinkTimeMilliseconds == 0 ? .none
        : thinkTime == .exponential ? .exponential(meanMilliseconds: thinkTimeMilliseconds)
        : .constant(milliseconds: thinkTimeMilliseconds)
      return ClosedLoop(clients: clients, thinkTime: think)
    }
  }

  /// The arrival process these settings describe.
  public var arrivalProcess: ArrivalProcess {
    switch arrival {
    case .poisson: return .poisson
    case .constant: return .constant
    case .gamma: return .gamma(cv: arrivalCV)
    }
  }
}
