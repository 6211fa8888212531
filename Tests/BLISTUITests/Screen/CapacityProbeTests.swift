import BLISSim
import Testing
@testable import BLISTUI

/// The answer bar and the splits view's "max rate": the library's search, driven by the host.
@Suite struct CapacityProbeTests {
  /// Drives one capacity job through the scheduler to the end and returns its outcome.
  private func searchThroughTheHost(runner: any ScenarioRunner, scenario: Scenario, kind: LatencyModelChoice) -> RunOutcome? {
    var scheduler = RunScheduler()
    let key = RunKey.capacity(scenario.split, kind)
    scheduler.adopt(generation: 1, jobs: [RunJob(key: key, scenario: scenario)])
    drive(&scheduler, runner: runner)
    return scheduler.output().outcomes[key]
  }

  @Test func theSplitsViewAgreesWithBlisCapacity() throws {
    // Llama-3.1-8B on H100, TP8 × 1, roofline, a loose SLO and small probes (debug-build speed).
    let settings = CapacitySearchSettings(rateResolution: 0.05, minimumRequests: 150, minimumArrivalSeconds: 4)
    let runner = PlanScenarioRunner(options: TestPlanner.mapping(), files: TestPlanner.files,
                                    resolver: TestPlanner.resolver, capacitySettings: settings)
    var scenario = Fixture.scenario.withSplit(GPUSplit(tensorParallelism: 8, instances: 1))
    scenario.slo = LatencySLO(ttftP99Ms: 2_000, itlP99Ms: 100)
    let search = try #require(searchThroughTheHost(runner: runner, scenario: scenario, kind: .roofline)?.capacity)
    let tui = try #require(search.result)

    // `blis capacity` builds its deployment from the same settings and runs the library's planner.
    let runSettings = try TestPlanner.mapping().settings(for: scenario)
    let deployments = try PlanningDeployments.make(settings: runSettings, splits: [GPUSplit(tensorParallelism: 8, instances: 1)],
                                                   kinds: [.roofline], files: TestPlanner.files, resolver: TestPlanner.resolver)
    let cli = try CapacityPlanner.capacity(of: try #require(deployments.runnable.first), slo: scenario.slo, settings: settings)
    let expected = try #require(cli.maxRateRequestsPerSecond, "the loose SLO should admit some rate")
    #expect(search.isFinished)
    #expect(tui.maxRateRequestsPerSecond == expected)
    #expect(tui.probes == cli.probes)
    #expect(tui.usdPerMillionOutputTokens == cli.usdPerMillionOutputTokens)
    #expect(search.label == NumberFormat.compact(expected))
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

  @Test func editingTheRateKeepsTheSearchesGoingAndTheSLORestartsThem() throws {
    var scheduler = RunScheduler()
    var scenario = Fixture.scenario
    let key = RunKey.capacity(scenario.split, .roofline)
    scheduler.adopt(generation: 1, jobs: [RunJob(key: key, scenario: scenario)])
    drive(&scheduler, runner: CountingRunner(capacityThreshold: 137), maxLeases: 6)
    let probes = scheduler.output().outcomes[key]?.capacity?.bracket.probeCount ?? 0
    #expect(probes >= 2)
    scenario.rateRequestsPerSecond = 55
    scenario.minimumRequests = 300
    scheduler.adopt(generation: 2, jobs: [RunJob(key: key, scenario: scenario)])
    #expect(scheduler.output().outcomes[key]?.capacity?.bracket.probeCount == probes)
    scenario.slo.ttftP99Ms = 100                                     // a new SLO is a new search
    scheduler.adopt(generation: 3, jobs: [RunJob(key: key, scenario: scenario)])
    #expect(scheduler.output().outcomes[key]?.capacity == nil)
  }

  @Test func thePlannersSettingsAreBlisCapacitysWithACap() {
    let planner = CapacitySearchSettings.planner
    var uncapped = planner
    uncapped.maximumRequests = nil
    #expect(uncapped == CapacitySearchSettings())
    #expect(planner.requests(atRate: 10_000) == 20_000)
    #expect(planner.requests(atRate: 50) == CapacitySearchSettings().requests(atRate: 50))
  }

  @Test func theDashboardRunIsTheProbeAtItsRate() {
    // Sized like a probe: max(1,000, rate × 60 s) requests.
    var scenario = Fixture.scenario
    scenario.rateRequestsPerSecond = 400
    #expect(scenario.runRequests == 24_000)
    scenario.rateRequestsPerSecond = 2
    #expect(scenario.runRequests == 1_000)
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
