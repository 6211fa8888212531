import BLISSim
import Testing
@testable import BLISTUI

/// The TP-vs-replication view's "max rate" column: the library's search, driven by the host.
@Suite struct CapacityProbeTests {
  /// Drives one capacity job through the worker to the end and returns its bracket.
  private func searchThroughTheHost(runner: any ScenarioRunner, scenario: Scenario, kind: LatencyKind) -> RunOutcome? {
    var worker = HostWorker(runner: runner)
    let key = RunKey.capacity(tensorParallelism: scenario.tensorParallelism, instances: scenario.instances, kind)
    worker.adopt(generation: 1, jobs: [RunJob(key: key, scenario: scenario)])
    while !worker.isComplete { worker.advanceOneRound() }
    return worker.publish().outcomes[key]
  }

  @Test func theSplitsViewAgreesWithBlisCapacity() throws {
    // Llama-3.1-8B on H100, TP8 × 1, roofline, a loose SLO and small probes (debug-build speed).
    let settings = CapacitySearchSettings(rateResolution: 0.05, minimumRequests: 150, minimumArrivalSeconds: 4)
    let runner = PlanScenarioRunner(options: TestPlanner.mapping(), files: TestPlanner.files,
                                    resolver: TestPlanner.resolver, capacitySettings: settings)
    var scenario = Fixture.scenario.withSplit(tensorParallelism: 8, instances: 1)
    scenario.slo = ServiceLevelObjective(ttftP99Ms: 2_000, itlP99Ms: 100)
    let tui = try #require(searchThroughTheHost(runner: runner, scenario: scenario, kind: .roofline)?.capacity?.bracket)

    // `blis capacity` builds its deployment from the same settings and runs the library's planner.
    let runSettings = try TestPlanner.mapping().settings(for: scenario)
    let deployments = try PlanningDeployments.make(settings: runSettings, splits: [GPUSplit(tensorParallelism: 8, instances: 1)],
                                                   kinds: [.roofline], files: TestPlanner.files, resolver: TestPlanner.resolver)
    let cli = try CapacityPlanner.capacity(of: try #require(deployments.runnable.first), slo: scenario.slo.latencySLO,
                                           settings: settings)
    let expected = try #require(cli.maxRateRequestsPerSecond, "the loose SLO should admit some rate")
    #expect(tui.isFinished)
    #expect(tui.highestPassingRate == expected, "TUI \(String(describing: tui.highestPassingRate)) vs blis capacity \(expected)")
    #expect(tui.probeCount == cli.probes.count)
    #expect(tui.label == NumberFormat.compact(expected))
  }

  @Test func theHostBracketsAKnownThreshold() throws {
    let runner = CountingRunner(unavailable: [.blackbox], capacityThreshold: 137)
    var scenario = Fixture.scenario
    scenario.rateRequestsPerSecond = 20
    let bracket = try #require(searchThroughTheHost(runner: runner, scenario: scenario, kind: .roofline)?.capacity?.bracket)
    let found = try #require(bracket.highestPassingRate)
    let failing = try #require(bracket.lowestFailingRate)
    #expect(found <= 137 && failing > 137)
    #expect((failing - found) / failing <= bracket.settings.rateResolution)
    guard case .unavailable(let reason)? = searchThroughTheHost(runner: runner, scenario: scenario, kind: .blackbox) else {
      Issue.record("a model that cannot run has no capacity"); return
    }
    #expect(reason == CountingRunner.reason)
  }

  @Test func editingTheRateKeepsTheSearchesGoing() throws {
    var worker = HostWorker(runner: CountingRunner(capacityThreshold: 137))
    var scenario = Fixture.scenario
    let key = RunKey.capacity(tensorParallelism: 2, instances: 4, .roofline)
    worker.adopt(generation: 1, jobs: [RunJob(key: key, scenario: scenario)])
    while (worker.publish().outcomes[key]?.capacity?.bracket.probeCount ?? 0) < 2 { worker.advanceOneRound() }
    scenario.rateRequestsPerSecond = 55
    scenario.numRequests = 300
    worker.adopt(generation: 2, jobs: [RunJob(key: key, scenario: scenario)])
    #expect((worker.publish().outcomes[key]?.capacity?.bracket.probeCount ?? 0) >= 2)
    scenario.slo.ttftP99Ms = 100           // a new SLO is a new search
    worker.adopt(generation: 3, jobs: [RunJob(key: key, scenario: scenario)])
    #expect(worker.publish().outcomes[key]?.capacity == nil)
  }

  @Test func thePlannersSettingsAreBlisCapacitysWithACap() {
    let planner = CapacitySearchSettings.planner
    var uncapped = planner
    uncapped.maximumRequests = nil
    #expect(uncapped == CapacitySearchSettings())
    #expect(planner.requests(atRate: 10_000) == 20_000)
    #expect(planner.requests(atRate: 50) == CapacitySearchSettings().requests(atRate: 50))
  }

  @Test func theSLOMapsLimitForLimit() {
    let slo = ServiceLevelObjective(ttftP99Ms: 300, itlP99Ms: 25).latencySLO
    #expect(slo == LatencySLO(ttftP99Ms: 300, itlP99Ms: 25, e2eP99Ms: nil))
  }

  @Test func labelsShowProgressAndFailure() {
    var searching = CapacityBracket(settings: CapacitySearchSettings(), startRate: 100)
    #expect(searching.label == "…")
    searching.record(rate: 100, passed: true)
    #expect(searching.label == "≥ 100")
    var hopeless = CapacityBracket(settings: CapacitySearchSettings(minimumRate: 1), startRate: 4)
    while let rate = hopeless.nextRate { hopeless.record(rate: rate, passed: false) }
    #expect(hopeless.isFinished && hopeless.highestPassingRate == nil)
    #expect(hopeless.label == "< 1")
  }
}
