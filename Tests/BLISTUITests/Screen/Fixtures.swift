import BLISSim
@testable import BLISTUI

/// Builders for screen-model tests: a default state and synthetic snapshots with chosen numbers.
enum Fixture {
  static let scenario = Scenario(model: "meta-llama/llama-3.1-8b-instruct", hardware: "H100", tensorParallelism: 2,
                                 instances: 4, rateRequestsPerSecond: 100, numRequests: 1_000, workload: "chatbot",
                                 routingPolicy: "round-robin")

  static func state(_ scenario: Scenario = scenario) -> AppState {
    AppState(draft: scenario, catalog: TestPlanner.catalog, validator: TestPlanner.validator)
  }

  static func stats(p99: Double, scale: Double = 1) -> LatencyStats {
    LatencyStats(count: 900, meanMs: p99 * 0.5 * scale, p50Ms: p99 * 0.45, p90Ms: p99 * 0.8, p95Ms: p99 * 0.9,
                 p99Ms: p99, maxMs: p99 * 1.2)
  }

  static func snapshot(ttftP99: Double = 120, itlP99: Double = 12, e2eP99: Double = 3_000, completed: Int = 900,
                       total: Int = 1_000, instances: Int = 4, finished: Bool = false,
                       outputTokensPerSecond: Double = 24_000, kvUsed: Int = 300) -> SimulationSnapshot {
    var cluster = MetricsSummary(id: "cluster")
    cluster.completedRequests = completed
    cluster.requestsPerSecond = 95.5
    cluster.outputTokensPerSecond = outputTokensPerSecond
    cluster.ttft = stats(p99: ttftP99)
    cluster.itl = stats(p99: itlP99)
    cluster.e2e = stats(p99: e2eP99)
    cluster.kv = KVStats(totalBlocks: 4_000, peakUsedBlocks: 700, meanUsedBlocks: 250, prefixHitRate: 0.25, preemptions: 3)
    let progress = (0..<instances).map {
      InstanceProgress(index: $0, kvUsedBlocks: kvUsed, kvTotalBlocks: 1_000, kvPeakUsedBlocks: 700, kvMeanUsedBlocks: 250,
                       kvUtilizationHistory: [0.1, 0.3, 0.7, 0.2], completed: completed / instances)
    }
    let report = RunReport(latencyModel: "test", seed: 42, simulatedSeconds: 10, cluster: cluster, instances: [])
    return SimulationSnapshot(clock: SimTime(seconds: 10), totalRequests: total, injected: total, completed: completed,
                              isFinished: finished, instances: progress, report: report)
  }

  /// A state that has started and received `outcomes` for its current generation.
  static func running(_ outcomes: [RunKey: RunOutcome], state initial: AppState = state()) -> AppState {
    var state = initial
    _ = state.start()
    _ = state.handle(.results(HostOutput(generation: state.generation, outcomes: outcomes)))
    return state
  }

  static func bothColumns(roofline: SimulationSnapshot = snapshot(), blackbox: SimulationSnapshot = snapshot()) -> [RunKey: RunOutcome] {
    [.dashboard(.roofline): .running(roofline), .dashboard(.blackbox): .running(blackbox)]
  }
}

extension Canvas {
  var text: String { lines.joined(separator: "\n") }

  /// The style of the first cell of the first occurrence of `needle` on row `y`.
  func style(of needle: String, row y: Int) -> Style? {
    guard let range = lines[y].range(of: needle) else { return nil }
    return self[lines[y].distance(from: lines[y].startIndex, to: range.lowerBound), y].style
  }

  /// The row index of the first line that starts with `prefix` after leading blanks.
  func row(startingWith prefix: String) -> Int? { lines.firstIndex { $0.drop { $0 == " " }.hasPrefix(prefix) } }

  /// The row index of the first line containing `needle`.
  func row(containing needle: String) -> Int? { lines.firstIndex { $0.contains(needle) } }
}
