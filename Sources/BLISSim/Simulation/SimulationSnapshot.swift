/// Live state of one instance, for progress display and routing (a value, never a live object).
public struct InstanceProgress: Sendable, Hashable {
  public var index: Int
  public var queueDepth: Int
  public var runningRequests: Int
  public var kvUsedBlocks: Int
  public var kvTotalBlocks: Int
  public var kvPeakUsedBlocks: Int
  /// Time-weighted mean KV blocks used so far.
  public var kvMeanUsedBlocks: Double
  /// Recent KV utilisation samples in [0, 1], oldest first (bounded length, for sparklines).
  public var kvUtilizationHistory: [Double]
  public var completed: Int
  public var preemptions: Int

  public init(index: Int, queueDepth: Int = 0, runningRequests: Int = 0, kvUsedBlocks: Int = 0, kvTotalBlocks: Int = 0,
              kvPeakUsedBlocks: Int = 0, kvMeanUsedBlocks: Double = 0, kvUtilizationHistory: [Double] = [],
              completed: Int = 0, preemptions: Int = 0) {
    self.index = index; self.queueDepth = queueDepth; self.runningRequests = runningRequests
    self.kvUsedBlocks = kvUsedBlocks; self.kvTotalBlocks = kvTotalBlocks; self.kvPeakUsedBlocks = kvPeakUsedBlocks
    self.kvMeanUsedBlocks = kvMeanUsedBlocks; self.kvUtilizationHistory = kvUtilizationHistory
    self.completed = completed; self.preemptions = preemptions
  }
}

/// A `Sendable` picture of a run in progress, published between slices of simulated time.
public struct SimulationSnapshot: Sendable {
  public var clock: SimTime
  /// Requests the workload will inject in total (nil when bounded only by a horizon).
  public var totalRequests: Int?
  public var injected: Int
  public var completed: Int
  public var isFinished: Bool
  public var instances: [InstanceProgress]
  /// Metrics over what has finished so far (same shape as the final report).
  public var report: RunReport

  public init(clock: SimTime, totalRequests: Int?, injected: Int, completed: Int, isFinished: Bool,
              instances: [InstanceProgress], report: RunReport) {
    self.clock = clock; self.totalRequests = totalRequests; self.injected = injected; self.completed = completed
    self.isFinished = isFinished; self.instances = instances; self.report = report
  }
}
