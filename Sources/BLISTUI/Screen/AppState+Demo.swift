/// Demo mode: a hands-off tour of prepared scenarios with captions. Any key stops it.
struct DemoState: Sendable, Hashable {
  var step = 0
  var elapsedInStepMilliseconds = 0

  /// Wall time each scenario stays on screen.
  static let stepDurationMilliseconds = 10_000
}

/// One prepared scene of the demo.
struct DemoScene: Sendable, Hashable {
  var caption: String
  var view: AppState.View
  var scenario: Scenario

  /// The tour, built around the user's starting scenario (its GPU, workload and routing).
  static func tour(base: Scenario) -> [DemoScene] {
    func variant(_ model: String, tp: Int, instances: Int, rate: Double) -> Scenario {
      var scenario = base.withSplit(tensorParallelism: tp, instances: instances)
      scenario.model = model
      scenario.rateRequestsPerSecond = rate
      return scenario
    }
    let small = "meta-llama/llama-3.1-8b-instruct"
    let large = "meta-llama/llama-3.1-70b-instruct"
    return [
      DemoScene(caption: "Llama-3.1-8B on 8 × \(base.hardware), TP2 × 4 replicas at 100 req/s: both step-time models live",
                view: .dashboard, scenario: variant(small, tp: 2, instances: 4, rate: 100)),
      DemoScene(caption: "Same 8 GPUs, every split: is TP1 × 8 better than TP8 × 1?",
                view: .splits, scenario: variant(small, tp: 2, instances: 4, rate: 100)),
      DemoScene(caption: "Llama-3.1-70B on 8 GPUs: it needs TP ≥ 2 to fit — which split wins?",
                view: .splits, scenario: variant(large, tp: 4, instances: 2, rate: 10)),
      DemoScene(caption: "Push 8B to 300 req/s on TP1 × 8: watch KV pressure and the SLO colours",
                view: .dashboard, scenario: variant(small, tp: 1, instances: 8, rate: 300)),
    ]
  }
}

extension AppState {
  /// Starts demo mode at its first scene.
  mutating func startDemo() -> [Effect] {
    demo = DemoState()
    return showDemoScene()
  }

  /// The caption of the current demo scene, if the demo is running.
  var demoCaption: String? {
    guard let demo else { return nil }
    let scenes = DemoScene.tour(base: draft)
    return "DEMO \(demo.step % scenes.count + 1)/\(scenes.count) · " + scenes[demo.step % scenes.count].caption
      + " · any key stops"
  }

  mutating func advanceDemo(elapsedMilliseconds: Int) -> [Effect] {
    guard var current = demo else { return [] }
    current.elapsedInStepMilliseconds += max(0, elapsedMilliseconds)
    guard current.elapsedInStepMilliseconds >= DemoState.stepDurationMilliseconds else {
      demo = current
      return []
    }
    current.step += 1
    current.elapsedInStepMilliseconds = 0
    demo = current
    return showDemoScene()
  }

  private mutating func showDemoScene() -> [Effect] {
    guard let demo else { return [] }
    let scenes = DemoScene.tour(base: draft)
    let scene = scenes[demo.step % scenes.count]
    var next = scene.scenario
    next.slo = draft.slo
    next.seed = draft.seed
    draft = next
    view = scene.view
    showHelp = false
    editor = nil
    return restart()
  }
}
