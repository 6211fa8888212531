import BLISSim
@testable import BLISTUI

/// Builders for screen-model tests: a default state and synthetic results with chosen numbers.
enum Fixture {
  static let scenario = Scenario(model: "meta-llama/llama-3.1-8b-instruct", hardware: "H100",
                                 split: GPUSplit(tensorParallelism: 2, instances: 4), rateRequestsPerSecond: 100,
                                 minimumRequests: 1_000, arrivalSeconds: 60, workload: "chatbot",
                                 routingPolicy: "round-robin")

  static func state(_ scenario: Scenario = scenario) -> AppState {
    AppState(draft: scenario, catalog: TestPlanner.catalog)
  }

  static func stats(p99: Double, scale: Double = 1) -> LatencyStats {
    LatencyStats(count: 900, meanMs: p99 * 0.5 * scale, p50Ms: p99 * 0.45, p90Ms: p99 * 0.8, p95Ms: p99 * 0.9,
                 p99Ms: p99, maxMs: p99 * 1.2)
  }

  static func report(ttftP99: Double = 120, itlP99: Double = 12, e2eP99: Double = 3_000, completed: Int = 900,
                     outputTokensPerSecond: Double = 24_000) -> RunReport {
    var cluster = MetricsSummary(id: "cluster")
    cluster.completedRequests = completed
    cluster.requestsPerSecond = 95.5
    cluster.outputTokensPerSecond = outputTokensPerSecond
    cluster.ttft = stats(p99: ttftP99)
    cluster.itl = stats(p99: itlP99)
    cluster.e2e = stats(p99: e2eP99)
    cluster.kv = KVStats(totalBlocks: 4_000, peakUsedBlocks: 700, meanUsedBlocks: 250, prefixHitRate: 0.25, preemptions: 3)
    return RunReport(latencyModel: "test", seed: 42, simulatedSeconds: 10, cluster: cluster,
                     instances: (0..<4).map { MetricsSummary(id: "instance_\($0)") })
  }

  /// A dashboard run's progress: finished runs carry a measurement (offered 100 req/s, served
  /// `served`), unfinished ones only the snapshot.
  static func progress(ttftP99: Double = 120, itlP99: Double = 12, e2eP99: Double = 3_000, completed: Int = 900,
                       total: Int = 1_000, instances: Int = 4, finished: Bool = true, served: Double = 99,
                       outputTokensPerSecond: Double = 24_000, kvUsed: Int = 300, series: TimeSeries? = nil) -> RunProgress {
    let report = report(ttftP99: ttftP99, itlP99: itlP99, e2eP99: e2eP99, completed: completed,
                        outputTokensPerSecond: outputTokensPerSecond)
    let progress = (0..<instances).map {
      InstanceProgress(index: $0, kvUsedBlocks: kvUsed, kvTotalBlocks: 1_000, kvPeakUsedBlocks: 700, kvMeanUsedBlocks: 250,
                       kvUtilizationHistory: [0.1, 0.3, 0.7, 0.2], completed: completed / instances)
    }
    let snapshot = SimulationSnapshot(clock: SimTime(seconds: 10), totalRequests: total, injected: total, completed: completed,
                                      isFinished: finished, instances: progress, report: report)
    let window = ArrivalWindowStats(startSeconds: 30, endSeconds: 60, arrivedRequests: 3_000,
                                    startedRequests: Int(served * 30), outputTokens: Int(outputTokensPerSecond * 30))
    let measurement = finished
      ? ProbeMeasurement(rateRequestsPerSecond: 100, requests: total, report: report, keepUpRatio: window.keepUpRatio,
                         throughputRequestsPerSecond: window.servedRequestsPerSecond,
                         outputTokensPerSecond: window.outputTokensPerSecond, goodputRequestsPerSecond: 0, failures: [],
                         window: window)
      : nil
    return RunProgress(snapshot: snapshot, measurement: measurement, series: series)
  }

  /// A state that has started and received `outcomes` (and valid checks of its splits).
  static func running(_ outcomes: [RunKey: RunOutcome], state initial: AppState = state(),
                      checks: [GPUSplit: ScenarioCheck]? = nil) -> AppState {
    var state = initial
    _ = state.start()
    receive(outcomes, into: &state, checks: checks)
    return state
  }

  /// Delivers results for the state's current generation.
  static func receive(_ outcomes: [RunKey: RunOutcome], into state: inout AppState, checks: [GPUSplit: ScenarioCheck]? = nil) {
    let allChecks = checks ?? Dictionary(uniqueKeysWithValues: Set(state.jobs.map(\.scenario.split)).map { ($0, ScenarioCheck()) })
    _ = state.handle(.results(HostOutput(generation: state.generation, outcomes: outcomes, checks: allChecks)))
  }

  /// Delivers the real validator's checks of every split the state's jobs use.
  static func validate(_ state: inout AppState) {
    let splits = Set(state.jobs.map(\.scenario.split))
    let checks = Dictionary(uniqueKeysWithValues: splits.map { ($0, TestPlanner.validator.check(state.draft.withSplit($0))) })
    _ = state.handle(.results(HostOutput(generation: state.generation, outcomes: state.outcomes, checks: checks)))
  }

  static func bothColumns(roofline: RunProgress = progress(), blackbox: RunProgress = progress()) -> [RunKey: RunOutcome] {
    [.dashboard(.roofline): .running(roofline), .dashboard(.blackbox): .running(blackbox)]
  }

  static let unphysical = RunWarning.unphysicalBlackbox(model: "m", gpu: "H100", tensorParallelism: 4, fittedMicros: 47,
                                                        physicalMicros: 2_541)

  /// A finished search whose highest passing rate is `rate`, with a result costing `usdPerM`.
  static func search(_ split: GPUSplit, _ kind: LatencyModelChoice, rate: Double?, tokensPerSecond: Double = 50_000,
                     flagged: Bool = false) -> CapacityProgress {
    var bracket = CapacityBracket(settings: CapacitySearchSettings(), startRate: rate ?? 10)
    while let next = bracket.nextRate { bracket.record(rate: next, passed: rate.map { next <= $0 } ?? false) }
    let at = bracket.highestPassingRate.map {
      ProbeMeasurement(rateRequestsPerSecond: $0, requests: 1_000, report: report(), keepUpRatio: 1,
                       throughputRequestsPerSecond: $0, outputTokensPerSecond: tokensPerSecond, goodputRequestsPerSecond: $0,
                       failures: [])
    }
    let result = CapacityResult(split: split, kind: kind, hardware: "H100", gpuHourUSD: 3,
                                maxRateRequestsPerSecond: bracket.highestPassingRate, atMaxRate: at, limitedBy: [], probes: [],
                                warnings: flagged ? [unphysical] : [])
    return CapacityProgress(bracket: bracket, result: result)
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
