import BLISSim

/// The reducer: actions in, state changes and effects out. Pure — no threads, files or terminal.
extension AppState {
  /// Applies `action` and returns the effects the host must perform, in order.
  mutating func handle(_ action: Action) -> [Effect] {
    switch action {
    case .key(let key):
      return handleKey(key)
    case .resize(let newWidth, let newHeight):
      width = newWidth
      height = newHeight
      return []
    case .tick(let elapsed):
      if !paused { playback.advance(elapsedMilliseconds: elapsed, limitSeconds: playbackLimitSeconds) }
      return advanceDemo(elapsedMilliseconds: elapsed)
    case .results(let output):
      guard output.generation == generation else { return [] }   // a stale frame of an older configuration
      outcomes = output.outcomes
      checks.merge(output.checks) { _, new in new }
      return []
    case .exportFinished(.success(let path)):
      status = "exported \(path) (+ .json)"
      return []
    case .exportFinished(.failure(let failure)):
      status = failure.message
      return []
    }
  }

  /// Starts the first generation of runs (called once at launch).
  mutating func start() -> [Effect] {
    restart()
  }

  /// Starts a new generation of runs for the current draft and view. Results of jobs that did
  /// not change (same key, same spec) stay on screen until the host publishes the new generation.
  mutating func restart() -> [Effect] {
    let jobs = self.jobs
    let specs = Dictionary(jobs.map { ($0.key, $0.spec) }, uniquingKeysWith: { first, _ in first })
    outcomes = outcomes.filter { key, _ in specs[key] != nil && specs[key] == jobSpecs[key] }
    if specs.keys.contains(where: { $0.isCapacitySearch == false && jobSpecs[$0] != specs[$0] }) {
      playback.cursorSeconds = 0
      playback.isPlaying = true
    }
    if draft.deployment != checkedDeployment { checks = [:] }
    checkedDeployment = draft.deployment
    jobSpecs = specs
    generation += 1
    return [.restart(generation: generation, jobs: jobs)]
  }

  /// Adopts `next` as the draft and restarts the runs (unchanged ones carry over in the host).
  mutating func change(_ next: Scenario) -> [Effect] {
    guard next != draft else { return [] }
    draft = next
    status = nil
    return restart()
  }
}
