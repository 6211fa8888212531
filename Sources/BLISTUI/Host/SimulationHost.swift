import Dispatch
import Foundation
import Synchronization

/// Runs the current generation's scenario runs on one dedicated background thread and publishes
/// their latest snapshots for the UI thread.
///
/// Threading contract:
/// - `restart`, `setPaused`, `latest` and `stop` may be called from any thread (the UI thread in
///   practice); they only touch `Mutex`/`Atomic` state and never wait on a simulation.
/// - Runs are created (`ScenarioRunner.makeRun`) and advanced only on the worker thread, so a run
///   need not be `Sendable`. The worker advances each run in short slices (an event budget sized
///   to take ~3 ms of wall time), round-robin, and checks for a new generation before every
///   slice, so a restart cancels within a few milliseconds (well under 100 ms).
/// - Snapshots are published about every 50 ms of wall time, tagged with their generation.
/// - Runs whose job (key + scenario) is unchanged by a restart carry over instead of starting again
///   (switching to the TP-vs-replication view keeps the dashboard's columns).
/// One thread (not one per run) because the machine has 2 cores and the UI needs the other.
final class SimulationHost: Sendable {
  private struct Request: Sendable {
    var generation: Int
    var jobs: [RunJob]
  }

  private let runner: any ScenarioRunner
  private let pending = Mutex<Request?>(nil)
  private let requestedGeneration = Atomic<Int>(0)
  private let isPaused = Atomic<Bool>(false)
  private let isStopped = Atomic<Bool>(false)
  private let published = Mutex<HostOutput?>(nil)
  private let wake = DispatchSemaphore(value: 0)
  private let exited = DispatchSemaphore(value: 0)
  private let publishInterval: Duration

  init(runner: any ScenarioRunner, publishInterval: Duration = .milliseconds(50)) {
    self.runner = runner
    self.publishInterval = publishInterval
  }

  /// Starts the worker thread. Call once.
  func start() {
    let thread = Thread { [self] in
      var worker = HostWorker(runner: runner)
      workerLoop(&worker)
      exited.signal()
    }
    thread.name = "blis-simulation"
    thread.start()
  }

  /// Replaces the running jobs with `jobs`, tagged `generation` (cancels the ones not in `jobs`).
  func restart(generation: Int, jobs: [RunJob]) {
    pending.withLock { $0 = Request(generation: generation, jobs: jobs) }
    requestedGeneration.store(generation, ordering: .releasing)
    wake.signal()
  }

  func setPaused(_ paused: Bool) {
    isPaused.store(paused, ordering: .releasing)
    wake.signal()
  }

  /// The most recently published results (any generation; the reducer drops stale ones).
  func latest() -> HostOutput? { published.withLock { $0 } }

  /// Stops the worker and waits up to `timeout` for it to leave its current slice.
  func stop(timeout: DispatchTimeInterval = .milliseconds(200)) {
    isStopped.store(true, ordering: .releasing)
    wake.signal()
    _ = exited.wait(timeout: .now() + timeout)
  }

  /// Blocks until every run of `generation` is finished or `timeout` passes (for `--dump-frame`).
  func waitUntilFinished(generation: Int, timeout: Duration) -> HostOutput? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
      if let output = latest(), output.generation == generation, output.isComplete { return output }
      Thread.sleep(forTimeInterval: 0.02)
    }
    return latest()
  }

  private func workerLoop(_ worker: inout HostWorker) {
    let clock = ContinuousClock()
    var window = publishInterval
    while !isStopped.load(ordering: .acquiring) {
      if let request = pending.withLock({ value -> Request? in defer { value = nil }; return value }) {
        worker.adopt(generation: request.generation, jobs: request.jobs)
        let output = worker.publish()
        published.withLock { $0 = output }
        window = min(publishInterval, .milliseconds(15))   // first numbers of a new configuration sooner
      }
      if isPaused.load(ordering: .acquiring) || worker.isComplete {
        _ = wake.wait(timeout: .now() + .milliseconds(50))
        continue
      }
      let deadline = clock.now + window
      window = publishInterval
      let generation = worker.generation
      let interrupted = { [self] in
        isPaused.load(ordering: .acquiring) || isStopped.load(ordering: .acquiring)
          || requestedGeneration.load(ordering: .acquiring) != generation
      }
      while clock.now < deadline, !worker.isComplete, !interrupted() {
        worker.advanceOneRound(interrupted: interrupted)
      }
      let output = worker.publish()
      published.withLock { $0 = output }
    }
  }
}

extension HostOutput {
  /// Whether every run has finished or is unavailable.
  var isComplete: Bool {
    outcomes.values.allSatisfy { outcome in
      switch outcome {
      case .pending: false
      case .running(let snapshot): snapshot.isFinished
      case .unavailable: true
      case .capacity(let progress): progress.isFinished
      }
    }
  }
}
