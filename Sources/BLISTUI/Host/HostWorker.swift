import BLISSim
import Foundation

/// The worker thread's private state: the runs of the current generation and how far each got.
/// Never leaves the worker thread (its runs need not be `Sendable`).
struct HostWorker {
  private struct ActiveRun {
    var job: RunJob
    var run: (any SteppableRun)?
    var outcome: RunOutcome = .pending
    var clock = SimTime.zero
    /// Simulated time advanced per slice; adapted so that one slice costs ~2 ms of wall time.
    var sliceMicros: Int64 = 10_000
    var isDone = false
  }

  private let runner: any ScenarioRunner
  private var runs: [ActiveRun] = []
  private(set) var generation = 0
  private var publications = 0
  static let targetSliceWall: Duration = .milliseconds(2)

  init(runner: any ScenarioRunner) { self.runner = runner }

  /// Switches to a new generation, keeping runs whose job is unchanged.
  mutating func adopt(generation: Int, jobs: [RunJob]) {
    var kept: [ActiveRun] = []
    for job in jobs {
      if let existing = runs.first(where: { $0.job == job }) { kept.append(existing) } else { kept.append(ActiveRun(job: job)) }
    }
    runs = kept
    self.generation = generation
  }

  var isComplete: Bool { runs.allSatisfy(\.isDone) }

  /// The outcomes to publish now (each call counts as a new publication).
  mutating func publish() -> HostOutput {
    var outcomes: [RunKey: RunOutcome] = [:]
    for run in runs { outcomes[run.job.key] = run.outcome }
    publications += 1
    return HostOutput(generation: generation, outcomes: outcomes, sequence: publications)
  }

  /// Gives every unfinished run one slice, in job order (dashboard runs first).
  mutating func advanceOneRound() {
    let clock = ContinuousClock()
    for index in runs.indices where !runs[index].isDone {
      var active = runs[index]
      if active.run == nil {
        switch runner.makeRun(active.job.scenario, latency: active.job.key.latency) {
        case .success(let run): active.run = run
        case .failure(let unavailable):
          active.outcome = .unavailable(unavailable.reason)
          active.isDone = true
          runs[index] = active
          continue
        }
      }
      let started = clock.now
      let limit = SimTime(microseconds: active.clock.microseconds + active.sliceMicros)
      guard var run = active.run else { continue }
      let snapshot = run.advance(until: limit)
      let elapsed = clock.now - started
      active.run = run
      active.clock = limit
      active.outcome = .running(snapshot)
      active.isDone = snapshot.isFinished
      if elapsed < Self.targetSliceWall / 2 { active.sliceMicros = min(active.sliceMicros * 2, 3_600_000_000) }
      else if elapsed > Self.targetSliceWall * 2 { active.sliceMicros = max(100, active.sliceMicros / 2) }
      runs[index] = active
    }
  }
}
