import BLISSim
import Foundation

/// The exported summary of the current results: Markdown for people, JSON for tools. Pure: built
/// from the state, the launch's extra arguments and a timestamp; `ExportWriter` puts it on disk.
///
/// Carries what a reader needs to trust and redo it: the version, the commands that reproduce
/// each number (`blis run`, `blis capacity`), the workload's definition, the cost, the flags on
/// doubtful rows, and a "partial" mark when runs or searches had not finished.
struct ExportDocument: Sendable {
  /// File name without extension, e.g. `blis-plan-20261126-221530`.
  var baseName: String
  var markdown: String
  var json: String
  let payload: Payload

  /// One run in the JSON file.
  struct RunEntry: Encodable, Sendable {
    var view: String
    var latencyModel: LatencyModelChoice
    var split: GPUSplit
    var finished: Bool
    var verdict: String?
    var unavailableReason: String?
    var flags: [String]
    var measurement: ProbeMeasurement?
    var report: RunReport?
    var reproduce: String?
    /// Splits only: the capacity search (nil if it has not started).
    var capacity: CapacityResult?
    var maxRateSearchFinished: Bool?

    enum CodingKeys: String, CodingKey {
      case view, latencyModel = "latency_model", split, finished, verdict, unavailableReason = "unavailable_reason"
      case flags, measurement, report, reproduce, capacity, maxRateSearchFinished = "max_rate_search_finished"
    }
  }

  /// The workload as simulated: a preset's length distributions and the arrival process.
  struct WorkloadEntry: Encodable, Sendable {
    var name: String
    var load: LoadShape
    var arrival = "poisson"
    var requests: Int?
    var arrivalSeconds: Double
    var promptTokens: LengthDistribution?
    var outputTokens: LengthDistribution?

    enum CodingKeys: String, CodingKey {
      case name, load, arrival, requests, arrivalSeconds = "arrival_s", promptTokens = "prompt_tokens"
      case outputTokens = "output_tokens"
    }
  }

  /// The answer bar.
  struct AnswerEntry: Encodable, Sendable {
    var gpuBudget: Int
    var searchesFinished: Int
    var searchesTotal: Int
    /// The best split's row as `blis capacity --json` prints it.
    var best: CapacityReport.Row?
    var reproduce: String

    enum CodingKeys: String, CodingKey {
      case gpuBudget = "gpu_budget", searchesFinished = "searches_finished", searchesTotal = "searches_total", best, reproduce
    }
  }

  struct Payload: Encodable, Sendable {
    var generatedAt: String
    var version: String
    var servingProfile: String?
    var partial: Bool
    var scenario: Scenario
    var workload: WorkloadEntry
    var problems: [String]
    var answer: AnswerEntry
    var runs: [RunEntry]

    enum CodingKeys: String, CodingKey {
      case generatedAt = "generated_at", version, servingProfile = "serving_profile", partial, scenario, workload
      case problems, answer, runs
    }
  }

  /// Builds the document. `timestamp` is UTC `yyyyMMdd-HHmmss`, `isoTime` the same instant in ISO
  /// 8601; `launchArguments` gives the launch flags that still apply to a scenario.
  init(state: AppState, launchArguments: (Scenario) -> [String] = { _ in [] }, timestamp: String, isoTime: String) {
    baseName = "blis-plan-\(timestamp)"
    let s = state.draft
    let answer = state.answer
    let entries = Self.entries(state, launchArguments: launchArguments)
    let partial = entries.contains { !$0.finished } || !answer.isComplete
    let preset = WorkloadPreset(rawValue: s.workload)
    let workload = WorkloadEntry(name: s.workload, load: s.load, requests: s.load == .steady ? s.runRequests : nil,
                                 arrivalSeconds: s.load == .steady ? Double(s.runRequests) / s.rateRequestsPerSecond : s.arrivalSeconds,
                                 promptTokens: preset?.promptTokens, outputTokens: preset?.outputTokens)
    payload = Payload(generatedAt: isoTime, version: BLISVersion.current, servingProfile: state.servingProfile,
                      partial: partial, scenario: s, workload: workload, problems: state.problems,
                      answer: AnswerEntry(gpuBudget: answer.budget, searchesFinished: answer.finished,
                                          searchesTotal: answer.total, best: answer.best.map { CapacityReport.Row($0, targetRate: nil, warnings: $0.warnings.map(\.text), best: true) },
                                          reproduce: ReproduceCommand.capacity(s, budget: answer.budget, launch: launchArguments(s))),
                      runs: entries)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    json = (try? encoder.encode(payload)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    markdown = ExportMarkdown(state: state, payload: payload).text
  }

  /// Runs in a stable order: dashboard columns first, then splits in split order, roofline first.
  private static func entries(_ state: AppState, launchArguments: (Scenario) -> [String]) -> [RunEntry] {
    var keys = LatencyModelChoice.allCases.map { RunKey.dashboard($0) }
    if state.view == .splits {
      for split in SplitTable.splits(gpuBudget: state.gpuBudget) { keys += LatencyModelChoice.allCases.map { .split(split, $0) } }
    }
    return keys.compactMap { key in
      guard let outcome = state.outcomes[key] else { return nil }
      let (view, split): (String, GPUSplit)
      switch key {
      case .dashboard: (view, split) = ("dashboard", state.draft.split)
      case .split(let s, _), .capacity(let s, _): (view, split) = ("split", s)
      }
      var scenario = state.draft.withSplit(split)
      if view == "split" { scenario.load = .steady }
      var entry = RunEntry(view: view, latencyModel: key.latency, split: split, finished: outcome.isDone,
                           flags: state.checks[split]?.flags[key.latency] ?? [],
                           reproduce: ReproduceCommand.run(scenario, kind: key.latency, launch: launchArguments(scenario)))
      if view == "split", let search = state.outcomes[.capacity(split, key.latency)]?.capacity {
        entry.capacity = search.result
        entry.maxRateSearchFinished = search.isFinished
        entry.finished = entry.finished && search.isFinished
      }
      switch outcome {
      case .pending, .capacity: break
      case .running(let progress):
        entry.report = progress.snapshot.report
        entry.measurement = progress.measurement
        let verdict = Verdict(measurement: progress.measurement, slo: state.draft.slo, load: scenario.load)
        entry.verdict = verdict == .measuring ? nil : verdict.label
      case .unavailable(let reason): entry.unavailableReason = reason
      }
      return entry
    }
  }
}
