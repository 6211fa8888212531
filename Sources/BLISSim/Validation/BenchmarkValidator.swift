/// Replays a benchmark result on a deployment and compares the simulator's prediction with the
/// measurement, metric by metric.
public enum BenchmarkValidator {
  /// Simulates `replay` on `plan`'s deployment (its own workload is ignored) and compares.
  public static func validate(_ result: BenchmarkResult, replay: BenchmarkReplay, plan: RunPlan) throws -> FileValidation {
    try validate(result, replay: replay, engine: plan.engine, latencyModel: plan.deployment.stepTime.model)
  }

  /// Simulates `replay` on the engine `engine` with step times from `latencyModel` and compares.
  public static func validate(_ result: BenchmarkResult, replay: BenchmarkReplay, engine: EngineConfiguration,
                              latencyModel: any LatencyModel) throws -> FileValidation {
    var simulation = try Simulation(configuration: engine, latencyModel: latencyModel, workload: replay.workload)
    var sink = CollectingRecordSink()
    let report = simulation.run(recordingInto: &sink)
    let (predicted, completed) = BenchmarkServingMetrics.compute(records: sink.records,
                                                                 countedOutputTokens: replay.countedOutputTokens,
                                                                 pooledITL: report.cluster.itl)
    let (measured, measuredNotes) = result.measured()
    var notes = measuredNotes + replay.notes
    let count = replay.countedOutputTokens.count
    if completed < count {
      let r = report.cluster
      notes.append("\(count - completed) of \(count) requests did not complete in the simulation (dropped \(r.droppedUnservable), too long \(r.rejectedTooLong), unfinished \(r.stillQueued + r.stillRunning)); the predictions cover the rest")
    }
    if let c = result.completed, c < count {
      notes.append("the benchmark completed \(c) of \(count) requests; all \(count) were replayed")
    }
    let comparisons = BenchmarkMetric.allCases.map {
      MetricComparison(metric: $0, measured: measured[$0], predicted: completed > 0 ? predicted[$0] : nil)
    }
    return FileValidation(source: result.source, modelID: result.modelID, requests: count, simulatedCompleted: completed,
                          comparisons: comparisons, notes: notes, report: report)
  }
}
