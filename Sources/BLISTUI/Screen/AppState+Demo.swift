import BLISSim

/// Demo mode: a hands-off tour of prepared scenes. Each scene waits for its results (and for
/// the dashboard's playback to reach the end), then holds its caption — written from those
/// results — for a while before the next. → (or `n`) skips ahead, ← goes back, space holds the
/// current scene, `q` quits, any other key stops the demo.
struct DemoState: Sendable, Hashable {
  var step = 0
  /// Wall time since the scene's results were ready.
  var shownMilliseconds = 0
  /// Space holds the current scene until pressed again.
  var isHeld = false

  /// How long a finished scene stays on screen (a scene waits for its results however long they take).
  static let holdMilliseconds = 8_000
}

/// One prepared scene of the demo: what it shows, and how its caption reads the results.
enum DemoScene: Int, Sendable, Hashable, CaseIterable {
  case steady, overload, splits, knee, bigModel, kvPressure

  static let smallModel = "meta-llama/llama-3.1-8b-instruct"
  static let bigModelID = "meta-llama/llama-3.3-70b-instruct"

  var view: AppState.View {
    switch self {
    case .splits, .bigModel: .splits
    default: .dashboard
    }
  }

  /// The scene's scenario: real deployments on H100s (bundled configs with blackbox
  /// coefficients), keeping the user's SLO and seed.
  func scenario(base: Scenario) -> Scenario {
    var s = base
    s.model = Self.smallModel
    s.hardware = "H100"
    s.workload = "chatbot"
    s.load = .steady
    s.minimumRequests = 1_000
    s.arrivalSeconds = Scenario.defaultArrivalSeconds
    switch self {
    case .steady: s.split = GPUSplit(tensorParallelism: 1, instances: 4); s.rateRequestsPerSecond = 100
    case .overload: s.split = GPUSplit(tensorParallelism: 1, instances: 4); s.rateRequestsPerSecond = 400
    case .splits: s.split = GPUSplit(tensorParallelism: 2, instances: 4); s.rateRequestsPerSecond = 100
    case .knee:
      s.split = GPUSplit(tensorParallelism: 1, instances: 8)
      s.rateRequestsPerSecond = 600
      s.load = .ramp
    case .bigModel:
      s.model = Self.bigModelID
      s.split = GPUSplit(tensorParallelism: 4, instances: 2)
      s.rateRequestsPerSecond = 8
    case .kvPressure:
      s.split = GPUSplit(tensorParallelism: 1, instances: 2)
      s.rateRequestsPerSecond = 2
      s.workload = "multidoc"
      s.minimumRequests = 300
    }
    return s
  }

  /// Whether the scene's claim can be written: its runs (or, in the splits view, every search of
  /// the budget) are done and, on the dashboard, playback has reached the end.
  func isReady(_ state: AppState) -> Bool {
    switch view {
    case .splits: return state.answer.isComplete
    case .dashboard: return state.playbackAtEnd
    }
  }

  /// The caption, from the results on screen (a placeholder while they are not ready).
  func caption(_ state: AppState) -> String {
    let s = state.draft
    let deployment = "\(s.split) on \(s.split.gpuCount) × \(s.hardware)"
    guard isReady(state) else {
      switch self {
      case .splits, .bigModel: return "every split of \(state.gpuBudget) × \(s.hardware): searching \(state.answer.finished)/\(state.answer.total)…"
      case .knee: return "ramping the load on \(deployment) up to \(NumberFormat.compact(s.rateRequestsPerSecond)) req/s…"
      default: return "\(deployment) at \(NumberFormat.compact(s.rateRequestsPerSecond)) req/s: simulating…"
      }
    }
    let columns = LatencyModelChoice.allCases.compactMap { kind in state.metrics(.dashboard(kind), gpuCount: s.split.gpuCount).map { (kind, $0) } }
    switch self {
    case .steady, .overload:
      guard let (kind, m) = columns.first else { return "\(deployment): no model could run" }
      let verdict = Verdict(measurement: m.measurement, slo: s.slo, load: s.load)
      let served = NumberFormat.compact(m.servedRequestsPerSecond ?? 0)
      let offered = NumberFormat.compact(s.rateRequestsPerSecond)
      switch verdict {
      case .overloaded:
        return "\(deployment) at \(offered) req/s serves only \(served) req/s (\(kind.rawValue)): OVERLOADED, the queue keeps growing"
      case .within, .close:
        let claim = self == .overload ? "keeps up even here — no overload on this data" : "within the SLO"
        return "\(deployment) at \(offered) req/s: \(claim) (TTFT p99 \(NumberFormat.compact(m.ttft.p99Ms)) ms, \(kind.rawValue))"
      default:
        return "\(deployment) at \(offered) req/s serves \(served) req/s but breaks the SLO (TTFT p99 \(NumberFormat.compact(m.ttft.p99Ms)) ms)"
      }
    case .splits, .bigModel:
      return splitsCaption(state.answer, hardware: s.hardware)
    case .knee:
      let knees = columns.compactMap { kind, _ in state.progress(.dashboard(kind))?.series?.knee(slo: s.slo).map { (kind, $0) } }
      guard let (kind, knee) = knees.first else {
        return "ramp to \(NumberFormat.compact(s.rateRequestsPerSecond)) req/s on \(deployment): no knee — latency stays within the SLO all the way"
      }
      let search = state.outcomes[.capacity(s.split, kind)]?.capacity
      let capacity = search?.isFinished == true ? search?.highestPassingRate.map { ", the capacity search says \(NumberFormat.compact($0))" } ?? "" : ""
      return "ramp on \(deployment): latency turns up at ≈ \(NumberFormat.compact(knee.offeredRequestsPerSecond)) req/s (\(kind.rawValue))\(capacity)"
    case .kvPressure:
      let preemptions = columns.map { ($0.0, $0.1.preemptions) }
      let preempting = preemptions.filter { $0.1 > 0 }
      let counts = preemptions.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
      if preempting.count == preemptions.count, !preempting.isEmpty {
        return "10k-token prompts on \(deployment): every model preempts (\(counts)) — the KV cache is the limit either way"
      }
      if let (kind, count) = preempting.first {
        return "10k-token prompts on \(deployment): \(kind.rawValue) preempts \(count) times while the other model fits (\(counts))"
      }
      return "10k-token prompts on \(deployment): no preemption at 2 req/s — the KV cache holds (\(counts))"
    }
  }

  /// "TP1×8 serves 2.5× the traffic of TP8×1 at the same SLO, at $0.07 vs $0.16 per M tokens",
  /// or what the results say instead.
  private func splitsCaption(_ answer: PlanAnswer, hardware: String) -> String {
    guard let best = answer.best, let bestRate = best.maxRateRequestsPerSecond else {
      return "no split of \(answer.budget) × \(hardware) meets the SLO"
    }
    func cost(_ r: CapacityResult) -> String { r.usdPerMillionOutputTokens.map { NumberFormat.dollars($0) } ?? "?" }
    // The other splits at their own conservative capacity (the rule that chose the best).
    let others = CapacityPlanner.conservativeRows(answer.results).values.map { answer.results[$0] }.filter { $0.split != best.split }
    guard let widest = others.max(by: { $0.split.tensorParallelism < $1.split.tensorParallelism }),
          let otherRate = widest.maxRateRequestsPerSecond else {
      return "best of \(answer.budget) × \(hardware): \(best.split) at \(NumberFormat.compact(bestRate)) req/s, \(cost(best)) per M tokens (no other split meets the SLO)"
    }
    let ratio = otherRate > 0 ? String(format: "%.1f×", bestRate / otherRate) : "∞×"
    return "\(best.split) serves \(ratio) the traffic of \(widest.split) at the same SLO "
      + "(\(NumberFormat.compact(bestRate)) vs \(NumberFormat.compact(otherRate)) req/s), at \(cost(best)) vs \(cost(widest)) per M tokens"
  }
}

extension AppState {
  /// Starts demo mode at its first scene.
  mutating func startDemo() -> [Effect] {
    demo = DemoState()
    return showDemoScene()
  }

  var demoScene: DemoScene? { demo.map { DemoScene.allCases[$0.step % DemoScene.allCases.count] } }

  /// The caption line of the current demo scene, if the demo is running.
  var demoCaption: String? {
    guard let demo, let scene = demoScene else { return nil }
    let held = demo.isHeld ? " (held)" : ""
    return "DEMO \(scene.rawValue + 1)/\(DemoScene.allCases.count)\(held) · " + scene.caption(self)
  }

  mutating func advanceDemo(elapsedMilliseconds: Int) -> [Effect] {
    guard var current = demo, let scene = demoScene else { return [] }
    if scene.isReady(self) { current.shownMilliseconds += max(0, elapsedMilliseconds) }
    demo = current
    guard !current.isHeld else { return [] }
    return current.shownMilliseconds >= DemoState.holdMilliseconds ? moveDemo(by: 1) : []
  }

  mutating func handleDemoKey(_ key: Key) -> [Effect] {
    switch key {
    case .character("q"): return [.quit]
    case .right, .character("n"): return moveDemo(by: 1)
    case .left: return moveDemo(by: -1)
    case .character(" "):
      demo?.isHeld.toggle()
      return []
    default:
      demo = nil
      status = "demo stopped"
      return []
    }
  }

  private mutating func moveDemo(by offset: Int) -> [Effect] {
    guard let current = demo else { return [] }
    let count = DemoScene.allCases.count
    demo = DemoState(step: (current.step + offset + count) % count, isHeld: current.isHeld)
    return showDemoScene()
  }

  private mutating func showDemoScene() -> [Effect] {
    guard let scene = demoScene else { return [] }
    draft = scene.scenario(base: draft)
    view = scene.view
    budgetOverride = scene.view == .splits ? 8 : nil
    splitSort = .split
    showHelp = false
    editor = nil
    return restart()
  }
}
