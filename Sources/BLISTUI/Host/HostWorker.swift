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
    /// Most events one `advance` call may execute; adapted so that one call costs at most
    /// about `targetSliceWall`.
    var sliceEvents = HostWorker.initialSliceEvents
    /// Plain runs stop at regular simulated times (where the engine samples the KV history for
    /// the sparklines, whatever the machine's speed); capacity probes run straight through.
    var nextStop = SimTime.zero
    var isDone = false
    /// Capacity searches only: the library's probes for this scenario (made on the first slice)
    /// and its bracket, advanced one probe at a time.
    var probes: (any CapacityProbeSource)?
    var capacity: CapacityProgress?
    /// The rate of the capacity probe in progress.
    var probeRate = 0.0
  }

  private let runner: any ScenarioRunner
  private var runs: [ActiveRun] = []
  private(set) var generation = 0
  private var publications = 0
  /// Wall time one slice of one run should take: short enough that a restart, pause or stop is
  /// seen within a few milliseconds, long enough that the snapshot each slice returns (percentiles
  /// of the report so far) stays a small share of the work.
  static let targetSliceWall: Duration = .milliseconds(3)
  static let initialSliceEvents = 200
  static let maximumSliceEvents = 1 << 22
  /// Runs advanced at the same time (the first unfinished ones, in job order); the rest wait.
  /// A simulation holds its KV-block tables (tens of MB for 8 GPUs' worth of blocks), so running
  /// all ~24 runs of the TP-vs-replication view at once peaked at ~440 MB; four keep it near 200 MB
  /// and each run still finishes in tens of milliseconds in a release build.
  static let maximumActiveRuns = 4

  init(runner: any ScenarioRunner) { self.runner = runner }

  /// Switches to a new generation, keeping runs whose scenario and model are unchanged.
  mutating func adopt(generation: Int, jobs: [RunJob]) {
    var next: [ActiveRun] = []
    for job in jobs {
      var scenario = job.scenario
      if job.key.isCapacitySearch {
        // A search chooses its own rates and probe sizes: the draft's rate and request count do not
        // change it, so editing them keeps the searches (the slowest runs) going.
        scenario.rateRequestsPerSecond = 1
        scenario.numRequests = 1
      } else {
        scenario.slo = ServiceLevelObjective()   // a plain run ignores the SLO
      }
      let spec = Spec(scenario: scenario, latency: job.key.latency, isCapacitySearch: job.key.isCapacitySearch)
      if let index = next.firstIndex(where: { $0.spec == spec }) {
        next[index].keys.append(job.key)
      } else if var existing = runs.first(where: { $0.spec == spec }) {
        existing.keys = [job.key]
        next.append(existing)
      } else {
        next.append(ActiveRun(spec: spec, keys: [job.key]))
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

  /// Gives the first `maximumActiveRuns` unfinished runs one slice of about `targetSliceWall`
  /// each, in job order (dashboard runs first). Capacity searches get slices only once every
  /// plain run has finished, so the tables fill first. A slice is a few `advance` calls, each
  /// bounded by an event budget that adapts to the measured wall time, so a burst of load cannot
  /// stretch it. `interrupted` is asked before each slice, so a restart or stop does not wait for
  /// the rest of the round.
  mutating func advanceOneRound(interrupted: () -> Bool = { false }) {
    let plainRunsPending = runs.contains { !$0.isDone && !$0.spec.isCapacitySearch }
    var active = 0
    for index in runs.indices where !runs[index].isDone && !(plainRunsPending && runs[index].spec.isCapacitySearch) {
      if interrupted() || active == Self.maximumActiveRuns { return }
      if runs[index].run == nil, !startRun(at: index) { continue }
      active += 1
      // Take the run out of the array so it is uniquely owned while it advances: a copy left
      // behind would make every slice copy the simulation's storage (copy-on-write).
      guard var run = runs[index].run.take() else { continue }
      let snapshot = advanceSlice(&run, index: index)
      runs[index].run = run
      record(snapshot, at: index)
    }
  }

  /// Advances one run for about `targetSliceWall` and returns its latest snapshot.
  private mutating func advanceSlice(_ run: inout any SteppableRun, index: Int) -> SimulationSnapshot {
    let clock = ContinuousClock()
    let sliceStart = clock.now
    let interval = runs[index].spec.isCapacitySearch ? nil : Self.stopInterval(runs[index].spec.scenario)
    while true {
      let budget = runs[index].sliceEvents
      let limit = interval == nil ? SimTime.distantFuture : runs[index].nextStop
      let started = clock.now
      let snapshot = run.advance(until: limit, maxEvents: budget)
      let elapsed = clock.now - started
      if let interval, snapshot.clock >= limit { runs[index].nextStop = limit + interval }
      if elapsed > Self.targetSliceWall * 2 {
        runs[index].sliceEvents = max(8, budget / 2)
      } else if elapsed < Self.targetSliceWall / 2, snapshot.clock < limit, !snapshot.isFinished {
        runs[index].sliceEvents = min(budget * 2, Self.maximumSliceEvents)   // the budget, not the stop, ended it
      }
      if snapshot.isFinished || clock.now - sliceStart >= Self.targetSliceWall { return snapshot }
    }
  }

  /// Simulated time between stops of a plain run: about 1/120 of its expected length (requests
  /// ÷ rate), at least 10 ms, so a sparkline has a sample per column without a snapshot per event.
  static func stopInterval(_ scenario: Scenario) -> SimDuration {
    let expectedSeconds = Double(scenario.numRequests) / max(1e-3, scenario.rateRequestsPerSecond)
    return SimDuration(microseconds: max(10_000, Int64(expectedSeconds * 1e6 / 120)))
  }

  /// Makes the run (or the next capacity probe) for `runs[index]`; false when there is nothing to run.
  private mutating func startRun(at index: Int) -> Bool {
    let made: Result<(any SteppableRun)?, ScenarioUnavailable>
    if runs[index].spec.isCapacitySearch {
      made = nextProbe(at: index)
    } else {
      made = runner.makeRun(runs[index].spec.scenario, latency: runs[index].spec.latency).map { Optional($0) }
    }
    switch made {
    case .success(let run):
      guard let run else {
        runs[index].isDone = true
        return false
      }
      runs[index].run = run
      return true
    case .failure(let unavailable):
      runs[index].outcome = .unavailable(unavailable.reason)
      runs[index].isDone = true
      return false
    }
  }

  /// The next probe of a capacity search (its source and bracket are made on the first call);
  /// nil when the bracket is finished.
  private mutating func nextProbe(at index: Int) -> Result<(any SteppableRun)?, ScenarioUnavailable> {
    if runs[index].probes == nil {
      switch runner.makeCapacityProbes(runs[index].spec.scenario, latency: runs[index].spec.latency) {
      case .success(let source):
        runs[index].probes = source
        let progress = CapacityProgress(bracket: CapacityBracket(settings: source.settings, startRate: source.startRate))
        runs[index].capacity = progress
        runs[index].outcome = .capacity(progress)
      case .failure(let unavailable):
        return .failure(unavailable)
      }
    }
    guard let source = runs[index].probes, let rate = runs[index].capacity?.bracket.nextRate else { return .success(nil) }
    runs[index].probeRate = rate
    return source.makeProbe(rate: rate).map { probe -> (any SteppableRun)? in probe }
  }

  /// Stores a run's latest snapshot; a finished probe records its verdict in the bracket.
  private mutating func record(_ snapshot: SimulationSnapshot, at index: Int) {
    guard var capacity = runs[index].capacity else {
      runs[index].outcome = .running(snapshot)
      runs[index].isDone = snapshot.isFinished
      if snapshot.isFinished { runs[index].run = nil }   // the snapshot is all that is shown; free the engine
      return
    }
    if snapshot.isFinished {
      let passed = (runs[index].run as? any SteppableProbe)?.passed ?? false
      let rate = runs[index].probeRate
      capacity.bracket.record(rate: rate, passed: passed)
      let ttft = snapshot.report.cluster.ttft
      capacity.probes.append(.init(rateRequestsPerSecond: rate, ttftP99Ms: ttft.count > 0 ? ttft.p99Ms : nil, passed: passed))
      runs[index].capacity = capacity
      runs[index].run = nil            // the next probe starts from scratch at its own rate
      runs[index].nextStop = .zero
      runs[index].isDone = capacity.isFinished
    }
    runs[index].outcome = .capacity(capacity)
  }
}
