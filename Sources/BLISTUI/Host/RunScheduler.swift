import BLISSim
import Foundation

/// The runs of the current generation and which one to advance next. Shared by the host's
/// worker threads under one lock: a worker leases a unit of work (a split to check, or a slice
/// of a run), performs it outside the lock (`RunWorker`), and hands the result back. Pure and
/// single-threaded itself, so tests drive it directly.
///
/// Runs are identified by what they simulate (`RunSpec`), not by where the screen shows them:
/// the dashboard's column, the same split in the splits view, and the answer bar's and the splits
/// view's capacity searches share one run each, published under every key. A restart keeps the
/// runs whose spec is unchanged (editing the SLO keeps the dashboard runs; editing the rate
/// keeps the searches).
struct RunScheduler {
  /// One run (or capacity search) of the generation.
  struct Entry {
    let id: Int
    var spec: RunSpec
    var keys: [RunKey]
    /// The run in progress (a plain run, or the current probe of a search); nil before it is made,
    /// while leased, and once finished.
    var run: RunHandle?
    var isLeased = false
    var isDone = false
    var outcome: RunOutcome = .pending
    /// Most events one `advance` call may execute (adapted to the wall time a call takes).
    var sliceEvents = RunWorker.initialSliceEvents
    /// Capacity searches: the library's probes, the bracket, and the finished probes' measurements.
    var probes: (any CapacityProbeSource)?
    var capacity: CapacityProgress?
    var measured: [(rate: Double, measurement: ProbeMeasurement)] = []
    /// The rate of the probe in progress.
    var probeRate: Double?
    /// When the run's time series was last rebuilt (it sorts every TTFT so far).
    var seriesBuilt = ContinuousClock.Instant.now - .seconds(3600)
  }

  /// A unit of work handed to a worker thread.
  enum Lease {
    /// Check one split of the draft (`ScenarioValidator.check`).
    case check(generation: Int, split: GPUSplit, scenario: Scenario)
    /// Advance one run for a slice: `run` is nil when it must be made first (for a search: its
    /// next probe, at the bracket's next rate).
    case advance(generation: Int, id: Int, spec: RunSpec, run: RunHandle?, probes: (any CapacityProbeSource)?,
                 nextRate: Double?, sliceEvents: Int, seriesBuilt: ContinuousClock.Instant)
  }

  /// What a worker brings back from an `.advance` lease.
  struct SliceResult {
    var run: RunHandle?
    var snapshot: SimulationSnapshot?
    var series: TimeSeries?
    var seriesBuilt: ContinuousClock.Instant?
    var finished = false
    var sliceEvents: Int
    /// A search's probe source (made on its first lease) and the bracket's start.
    var probes: (any CapacityProbeSource)?
    var probeRate: Double?
    var unavailable: String?
  }

  private(set) var generation = 0
  private(set) var entries: [Entry] = []
  private(set) var checks: [GPUSplit: ScenarioCheck] = [:]
  private var checking: Set<GPUSplit> = []
  /// The deployment the checks are about (kept while it does not change).
  private var checkedDeployment: Scenario?
  private var nextID = 0
  /// Bumped on every change a reader could see.
  private(set) var version = 0
  /// Runs advanced at the same time (started and unfinished): a simulation holds its KV-block
  /// tables, so this bounds memory (~50 MB each for 8 GPUs' worth of blocks).
  let maximumActiveRuns: Int

  init(maximumActiveRuns: Int = 4) { self.maximumActiveRuns = maximumActiveRuns }

  /// Switches to a new generation, keeping the runs whose spec is unchanged.
  mutating func adopt(generation: Int, jobs: [RunJob]) {
    var next: [Entry] = []
    for job in jobs {
      let spec = job.spec
      if let index = next.firstIndex(where: { $0.spec == spec }) {
        next[index].keys.append(job.key)
      } else if var existing = entries.first(where: { $0.spec == spec }) {
        existing.keys = [job.key]
        next.append(existing)
      } else {
        next.append(Entry(id: nextID, spec: spec, keys: [job.key]))
        nextID += 1
      }
    }
    let deployment = jobs.first?.scenario.deployment
    if deployment != checkedDeployment {
      checks = [:]
      checking = []
      checkedDeployment = deployment
    }
    entries = next
    self.generation = generation
    version += 1
  }

  var isComplete: Bool { entries.allSatisfy(\.isDone) }

  /// The outcomes of the current generation.
  func output() -> HostOutput {
    var outcomes: [RunKey: RunOutcome] = [:]
    for entry in entries { for key in entry.keys { outcomes[key] = entry.outcome } }
    let splits = Set(entries.map(\.spec.scenario.split))
    return HostOutput(generation: generation, outcomes: outcomes, checks: checks.filter { splits.contains($0.key) },
                      sequence: version)
  }

  /// The next unit of work, or nil when there is none right now: first unchecked splits, then
  /// the first unfinished, unleased runs in job order (at most `maximumActiveRuns` started).
  mutating func lease() -> Lease? {
    // Index loops reading single fields: `for entry in entries` (or a `filter`) copies every entry,
    // with a retain and release of each of its references, on every lease (thousands per search).
    for index in entries.indices {
      let split = entries[index].spec.scenario.split
      if checks[split] == nil, !checking.contains(split) {
        checking.insert(split)
        return .check(generation: generation, split: split, scenario: entries[index].spec.scenario)
      }
    }
    var active = 0
    for index in entries.indices where !entries[index].isDone && (entries[index].run != nil || entries[index].isLeased) {
      active += 1
    }
    for index in entries.indices where !entries[index].isDone && !entries[index].isLeased {
      let split = entries[index].spec.scenario.split
      guard let check = checks[split] else { continue }
      if let problem = check.problems.first {
        entries[index].outcome = .unavailable(problem)
        entries[index].isDone = true
        version += 1
        continue
      }
      if entries[index].run == nil {
        guard active < maximumActiveRuns else { continue }
        active += 1
      }
      entries[index].isLeased = true
      let run = entries[index].run.take()   // the worker owns it (uniquely) until it hands it back
      let entry = entries[index]
      return .advance(generation: generation, id: entry.id, spec: entry.spec, run: run, probes: entry.probes,
                      nextRate: entry.capacity?.bracket.nextRate, sliceEvents: entry.sliceEvents, seriesBuilt: entry.seriesBuilt)
    }
    return nil
  }

  /// Stores a split's check.
  mutating func finishCheck(split: GPUSplit, generation: Int, check: ScenarioCheck) {
    checking.remove(split)
    guard generation == self.generation || entries.contains(where: { $0.spec.scenario.split == split }) else { return }
    checks[split] = check
    version += 1
  }

  /// Takes back a leased run with its progress. A run whose entry is gone (the generation
  /// changed and no longer needs it) is dropped.
  mutating func finishSlice(id: Int, result: SliceResult) {
    guard let index = entries.firstIndex(where: { $0.id == id }) else { return }
    entries[index].isLeased = false
    entries[index].sliceEvents = result.sliceEvents
    version += 1
    if let reason = result.unavailable {
      entries[index].outcome = .unavailable(reason)
      entries[index].isDone = true
      return
    }
    if let probes = result.probes, entries[index].probes == nil {
      entries[index].probes = probes
      let progress = CapacityProgress(bracket: CapacityBracket(settings: probes.settings, startRate: probes.startRate))
      entries[index].capacity = progress
      entries[index].outcome = .capacity(progress)
    }
    if let rate = result.probeRate { entries[index].probeRate = rate }
    if let built = result.seriesBuilt { entries[index].seriesBuilt = built }
    guard let snapshot = result.snapshot else {
      entries[index].run = result.run
      if result.finished { entries[index].run = nil }
      return
    }
    guard var capacity = entries[index].capacity else {
      entries[index].outcome = .running(RunProgress(snapshot: snapshot, measurement: result.run?.run.measurement,
                                                    series: result.series ?? entries[index].outcome.progress?.series))
      entries[index].isDone = result.finished
      entries[index].run = result.finished ? nil : result.run   // the published progress is all that is shown
      return
    }
    if result.finished, let rate = entries[index].probeRate {
      let measurement = result.run?.run.measurement
      let passed = measurement?.passed ?? false
      capacity.bracket.record(rate: rate, passed: passed)
      let ttft = snapshot.report.cluster.ttft
      // A probe stopped early has no full-run p99 to plot.
      let plotted = ttft.count > 0 && measurement?.stoppedEarlyAtSeconds == nil
      capacity.probes.append(.init(rateRequestsPerSecond: rate, ttftP99Ms: plotted ? ttft.p99Ms : nil, passed: passed))
      if let measurement { entries[index].measured.append((rate, measurement)) }
      if capacity.isFinished { capacity.result = entries[index].probes?.result(of: entries[index].measured) }
      entries[index].run = nil             // the next probe starts from scratch at its own rate
      entries[index].probeRate = nil
      entries[index].isDone = capacity.isFinished
    } else {
      entries[index].run = result.run
    }
    entries[index].capacity = capacity
    entries[index].outcome = .capacity(capacity)
  }
}
