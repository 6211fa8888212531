import BLISSim
import Foundation

/// The worker thread's private state: the runs of the current generation and how far each got.
/// Never leaves the worker thread (its runs need not be `Sendable`).
///
/// Runs are identified by what they simulate (scenario + latency model), not by where the screen
/// shows them: the dashboard's column and the same split in the TP-vs-replication view share one
/// run, published under both keys.
struct HostWorker {
  private struct Spec: Hashable {
    var scenario: Scenario
    var latency: LatencyKind
    /// A capacity search (many runs at different rates) rather than one run.
    var isCapacitySearch = false
  }

  private struct ActiveRun {
    var spec: Spec
    var keys: [RunKey]
    var run: (any SteppableRun)?
    var outcome: RunOutcome = .pending
    var clock = SimTime.zero
    /// Simulated time advanced per slice; adapted so that one slice costs ~2 ms of wall time.
    var sliceMicros: Int64 = 10_000
    var isDone = false
    var search: CapacitySearch?
    /// The rate of the capacity probe in progress.
    var probeRate = 0.0
  }

  private let runner: any ScenarioRunner
  private var runs: [ActiveRun] = []
  private(set) var generation = 0
  private var publications = 0
  static let targetSliceWall: Duration = .milliseconds(2)

  init(runner: any ScenarioRunner) { self.runner = runner }

  /// Switches to a new generation, keeping runs whose scenario and model are unchanged.
  mutating func adopt(generation: Int, jobs: [RunJob]) {
    var next: [ActiveRun] = []
    for job in jobs {
      var scenario = job.scenario
      if !job.key.isCapacitySearch { scenario.slo = ServiceLevelObjective() }   // a plain run ignores the SLO
      let spec = Spec(scenario: scenario, latency: job.key.latency, isCapacitySearch: job.key.isCapacitySearch)
      if let index = next.firstIndex(where: { $0.spec == spec }) {
        next[index].keys.append(job.key)
      } else if var existing = runs.first(where: { $0.spec == spec }) {
        existing.keys = [job.key]
        next.append(existing)
      } else {
        var fresh = ActiveRun(spec: spec, keys: [job.key])
        if spec.isCapacitySearch {
          fresh.search = CapacitySearch(startRate: spec.scenario.rateRequestsPerSecond)
          fresh.outcome = .capacity(fresh.search ?? CapacitySearch(startRate: 1))
        }
        next.append(fresh)
      }
    }
    runs = next
    self.generation = generation
  }

  var isComplete: Bool { runs.allSatisfy(\.isDone) }

  /// The outcomes to publish now (each call counts as a new publication).
  mutating func publish() -> HostOutput {
    var outcomes: [RunKey: RunOutcome] = [:]
    for run in runs { for key in run.keys { outcomes[key] = run.outcome } }
    publications += 1
    return HostOutput(generation: generation, outcomes: outcomes, sequence: publications)
  }

  /// Gives every unfinished run one slice, in job order (dashboard runs first). Capacity searches
  /// get slices only once every plain run has finished, so the tables fill first.
  mutating func advanceOneRound() {
    let clock = ContinuousClock()
    let plainRunsPending = runs.contains { !$0.isDone && !$0.spec.isCapacitySearch }
    for index in runs.indices where !runs[index].isDone && !(plainRunsPending && runs[index].spec.isCapacitySearch) {
      if runs[index].run == nil, !startRun(at: index) { continue }
      // Take the run out of the array so it is uniquely owned while it advances: a copy left
      // behind would make every slice copy the simulation's storage (copy-on-write).
      guard var run = runs[index].run.take() else { continue }
      let limit = SimTime(microseconds: runs[index].clock.microseconds + runs[index].sliceMicros)
      let started = clock.now
      let snapshot = run.advance(until: limit)
      let elapsed = clock.now - started
      runs[index].run = run
      runs[index].clock = limit
      record(snapshot, at: index)
      if elapsed < Self.targetSliceWall / 2 { runs[index].sliceMicros = min(runs[index].sliceMicros * 2, 3_600_000_000) }
      else if elapsed > Self.targetSliceWall * 2 { runs[index].sliceMicros = max(100, runs[index].sliceMicros / 2) }
    }
  }

  /// Makes the run (or the next capacity probe) for `runs[index]`; false when there is nothing to run.
  private mutating func startRun(at index: Int) -> Bool {
    var scenario = runs[index].spec.scenario
    if let search = runs[index].search {
      guard let rate = search.nextRate else {
        runs[index].isDone = true
        return false
      }
      scenario.rateRequestsPerSecond = rate
      runs[index].probeRate = rate
    }
    switch runner.makeRun(scenario, latency: runs[index].spec.latency) {
    case .success(let run):
      runs[index].run = run
      return true
    case .failure(let unavailable):
      runs[index].outcome = .unavailable(unavailable.reason)
      runs[index].isDone = true
      return false
    }
  }

  /// Stores a run's latest snapshot; a finished probe advances its capacity search.
  private mutating func record(_ snapshot: SimulationSnapshot, at index: Int) {
    guard var search = runs[index].search else {
      runs[index].outcome = .running(snapshot)
      runs[index].isDone = snapshot.isFinished
      return
    }
    if snapshot.isFinished {
      search.record(rate: runs[index].probeRate, meetsSLO: CapacitySearch.meets(runs[index].spec.scenario.slo, snapshot: snapshot))
      runs[index].search = search
      runs[index].run = nil            // the next probe starts from scratch at its own rate
      runs[index].clock = .zero
      runs[index].sliceMicros = 10_000
      runs[index].isDone = search.isFinished
    }
    runs[index].outcome = .capacity(search)
  }
}
