import Dispatch
import Foundation
import Synchronization

/// Runs the current generation's runs on a few background worker threads and publishes their
/// latest results for the UI thread.
///
/// Threading contract:
/// - `restart`, `setPaused`, `latest` and `stop` may be called from any thread (the UI thread in
///   practice); they only take the scheduler's lock briefly and never wait on a simulation.
/// - Runs are made, checked and advanced only on the worker threads, one lease at a time
///   (`RunScheduler`): a worker leases a unit of work, performs it outside the lock (~25 ms of
///   wall time at most) and hands it back. Every worker checks for a new generation, a pause or a
///   stop between `advance` calls, so a restart takes effect within a slice.
/// - Parallelism is bounded: `workerCount` threads (default: the cores, at most 4) and at most
///   `RunScheduler.maximumActiveRuns` runs in progress, which bounds memory.
final class SimulationHost: Sendable {
  private let worker: RunWorker
  private let scheduler: Mutex<RunScheduler>
  private let requestedGeneration = Atomic<Int>(0)
  private let isPaused = Atomic<Bool>(false)
  private let isStopped = Atomic<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  private let exited = DispatchSemaphore(value: 0)
  let workerCount: Int

  init(runner: any ScenarioRunner, validator: any ScenarioValidator,
       workerCount: Int = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)), maximumActiveRuns: Int = 4) {
    worker = RunWorker(runner: runner, validator: validator)
    scheduler = Mutex(RunScheduler(maximumActiveRuns: maximumActiveRuns))
    self.workerCount = max(1, workerCount)
  }

  /// Starts the worker threads. Call once.
  func start() {
    for index in 0..<workerCount {
      let thread = Thread { [self] in
        workerLoop()
        exited.signal()
      }
      thread.name = "blis-simulation-\(index)"
      thread.stackSize = 4 << 20
      thread.start()
    }
  }

  /// Replaces the running jobs with `jobs`, tagged `generation` (drops the runs not in `jobs`).
  func restart(generation: Int, jobs: [RunJob]) {
    scheduler.withLock { $0.adopt(generation: generation, jobs: jobs) }
    requestedGeneration.store(generation, ordering: .releasing)
    wakeAll()
  }

  func setPaused(_ paused: Bool) {
    isPaused.store(paused, ordering: .releasing)
    wakeAll()
  }

  /// The current generation's results (the reducer drops stale ones).
  func latest() -> HostOutput? { scheduler.withLock { $0.generation == 0 ? nil : $0.output() } }

  /// Stops the workers and waits up to `timeout` for them to leave their current slice.
  func stop(timeout: DispatchTimeInterval = .milliseconds(300)) {
    isStopped.store(true, ordering: .releasing)
    wakeAll()
    let deadline = DispatchTime.now() + timeout
    for _ in 0..<workerCount { _ = exited.wait(timeout: deadline) }
  }

  /// Blocks until every run of `generation` is finished or `timeout` passes (for `--dump-frame`).
  func waitUntilFinished(generation: Int, timeout: Duration) -> HostOutput? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      if let output = latest(), output.generation == generation, output.isComplete, !output.outcomes.isEmpty { return output }
      Thread.sleep(forTimeInterval: 0.02)
    }
    return latest()
  }

  private func wakeAll() { for _ in 0..<workerCount { wake.signal() } }

  private func workerLoop() {
    while !isStopped.load(ordering: .acquiring) {
      let lease = isPaused.load(ordering: .acquiring) ? nil : scheduler.withLock { $0.lease() }
      guard let lease else {
        _ = wake.wait(timeout: .now() + .milliseconds(50))
        continue
      }
      perform(lease)
    }
  }

  /// Performs a lease (its run advances in place in its `RunHandle`).
  private func perform(_ lease: consuming RunScheduler.Lease) {
    switch consume lease {
    case .check(let generation, let split, let scenario):
      let check = worker.check(scenario)
      scheduler.withLock { $0.finishCheck(split: split, generation: generation, check: check) }
      wakeAll()                   // runs of this split may start now
    case .advance(let generation, let id, let spec, let run, let probes, let nextRate, let sliceEvents, let seriesBuilt):
      let result = worker.advance(spec: spec, run: run, probes: probes, nextRate: nextRate, sliceEvents: sliceEvents,
                                  lastSeries: seriesBuilt) { [self] in
        isPaused.load(ordering: .acquiring) || isStopped.load(ordering: .acquiring)
          || requestedGeneration.load(ordering: .acquiring) != generation
      }
      scheduler.withLock { $0.finishSlice(id: id, result: result) }
    }
  }
}
