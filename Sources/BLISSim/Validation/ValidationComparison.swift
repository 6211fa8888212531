/// Measured vs predicted for one metric of one result file.
public struct MetricComparison: Sendable, Hashable {
  public var metric: BenchmarkMetric
  public var measured: Double?
  public var predicted: Double?

  public init(metric: BenchmarkMetric, measured: Double?, predicted: Double?) {
    self.metric = metric; self.measured = measured; self.predicted = predicted
  }

  /// (predicted − measured) / measured, in %; nil without both values or when measured is 0.
  public var signedErrorPercent: Double? {
    guard let m = measured, let p = predicted, m > 0 else { return nil }
    return (p / m - 1) * 100
  }
}

/// `blis validate`'s answer for one result file.
public struct FileValidation: Sendable {
  /// The result file as given.
  public var source: String
  public var modelID: String?
  /// Requests sent by the benchmark (and replayed).
  public var requests: Int
  /// Requests that completed in the simulation.
  public var simulatedCompleted: Int
  /// One per `BenchmarkMetric`, in its order.
  public var comparisons: [MetricComparison]
  /// What was assumed or derived (reader, replay, simulation).
  public var notes: [String]
  /// The simulation's own report (its conventions, not benchmark_serving's).
  public var report: RunReport

  public init(source: String, modelID: String?, requests: Int, simulatedCompleted: Int,
              comparisons: [MetricComparison], notes: [String], report: RunReport) {
    self.source = source; self.modelID = modelID; self.requests = requests
    self.simulatedCompleted = simulatedCompleted; self.comparisons = comparisons; self.notes = notes
    self.report = report
  }

  public func comparison(_ metric: BenchmarkMetric) -> MetricComparison? {
    comparisons.first { $0.metric == metric }
  }
}

/// Mean absolute signed error of each metric over files (those with both values).
public struct ValidationAggregate: Sendable, Hashable {
  public struct Row: Sendable, Hashable {
    public var metric: BenchmarkMetric
    /// Mean of |signed error| in %, nil when no file has both values.
    public var meanAbsoluteErrorPercent: Double?
    /// Mean of the signed errors in % (the bias).
    public var meanSignedErrorPercent: Double?
    public var files: Int
  }

  public var rows: [Row]

  public init(_ files: [FileValidation]) {
    rows = BenchmarkMetric.allCases.map { metric in
      let errors = files.compactMap { $0.comparison(metric)?.signedErrorPercent }
      let n = Double(errors.count)
      return Row(metric: metric, meanAbsoluteErrorPercent: errors.isEmpty ? nil : errors.map(abs).reduce(0, +) / n,
                 meanSignedErrorPercent: errors.isEmpty ? nil : errors.reduce(0, +) / n, files: errors.count)
    }
  }

  public func row(_ metric: BenchmarkMetric) -> Row? { rows.first { $0.metric == metric } }
}
