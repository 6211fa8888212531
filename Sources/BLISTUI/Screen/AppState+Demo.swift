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

  /// The tour: real deployments on H100s (bundled configs with blackbox coefficients), keeping
  /// the user's SLO, seed and routing.
  static func tour(base: Scenario) -> [DemoScene] {
    func scene(_ model: String, tp: Int, instances: Int, rate: Double, workload: String = "chatbot",
               requests: Int = 1_000) -> Scenario {
      var scenario = base.withSplit(tensorParallelism: tp, instances: instances)
      scenario.model = model
      scenario.hardware = "H100"
      scenario.rateRequestsPerSecond = rate
      scenario.workload = workload
      scenario.numRequests = requests
      return scenario
    }
    let small = "meta-llama/llama-3.1-8b-instruct"
    let large = "meta-llama/llama-3.3-70b-instruct"
    return [
      DemoScene(caption: "Llama-3.1-8B on 8 × H100 as TP2 × 4 at 100 req/s: roofline and blackbox side by side",
                view: .dashboard, scenario: scene(small, tp: 2, instances: 4, rate: 100)),
      DemoScene(caption: "Same 8 GPUs, every split: TP1 × 8 (replication) … TP8 × 1 (one big instance)",
                view: .splits, scenario: scene(small, tp: 2, instances: 4, rate: 100)),
      DemoScene(caption: "Llama-3.3-70B on 8 × H100: TP2 × 4, TP4 × 2 or TP8 × 1? (TP1 does not fit)",
                view: .splits, scenario: scene(large, tp: 4, instances: 2, rate: 8, requests: 500)),
      DemoScene(caption: "KV pressure: 10k-token prompts (multidoc) on Llama-3.1-8B TP1 × 2 at 2 req/s — watch the KV bars and preemptions",
                view: .dashboard, scenario: scene(small, tp: 1, instances: 2, rate: 2, workload: "multidoc", requests: 300)),
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
