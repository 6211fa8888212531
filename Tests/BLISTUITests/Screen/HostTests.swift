import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// Fixture.scenario with few requests over a short arrival period (debug-build speed).
func shortScenario(requests: Int) -> Scenario {
  var scenario = Fixture.scenario
  scenario.minimumRequests = requests
  scenario.arrivalSeconds = 0.1
  return scenario
}

@Suite struct HostTests {
  private var small: Scenario { shortScenario(requests: 200) }

  @Test func hostThreadsPublishFinishedRealRunsAndSwitchGenerations() throws {
    let host = SimulationHost(runner: TestPlanner.runner, validator: TestPlanner.validator, workerCount: 2)
    host.start()
    defer { host.stop() }
    var scenario = small
    let jobs = LatencyModelChoice.allCases.map { RunJob(key: .dashboard($0), scenario: scenario) }
    host.restart(generation: 1, jobs: jobs)
    let first = host.waitUntilFinished(generation: 1, timeout: .seconds(120))
    #expect(first?.generation == 1)
    #expect(first?.outcomes[.dashboard(.roofline)]?.snapshot?.completed == 200)
    #expect(first?.outcomes[.dashboard(.blackbox)]?.progress?.measurement != nil)
    #expect(first?.checks[scenario.split]?.problems == [])
    // TP8 × 1: defaults.yaml has no blackbox row for this model at TP8 on H100.
    scenario = scenario.withSplit(GPUSplit(tensorParallelism: 8, instances: 1))
    host.restart(generation: 2, jobs: jobs.map { RunJob(key: $0.key, scenario: scenario) })
    let second = host.waitUntilFinished(generation: 2, timeout: .seconds(120))
    #expect(second?.generation == 2)
    #expect(second?.outcomes[.dashboard(.roofline)]?.snapshot?.completed == 200)
    guard case .unavailable(let reason)? = second?.outcomes[.dashboard(.blackbox)] else {
      Issue.record("blackbox at TP8 should be unavailable"); return
    }
    #expect(reason.contains("no coefficients") && reason.contains("--roofline"))
  }

  @Test func theDashboardRunIsTheBlisRunItsExportShows() throws {
    // Sliced by wall time, recording a time series: the report must equal one `blis run` of the plan.
    let scenario = small
    let plan = try TestPlanner.runner.plan(scenario, latency: .roofline).get()
    #expect(plan.settings.workload.numRequests == scenario.runRequests && plan.settings.workload.rateRequestsPerSecond == 100)
    var whole = try plan.makeSimulation()
    let expected = whole.run()
    var scheduler = RunScheduler()
    scheduler.adopt(generation: 1, jobs: [RunJob(key: .dashboard(.roofline), scenario: scenario)])
    drive(&scheduler, runner: TestPlanner.runner)
    let progress = try #require(scheduler.output().outcomes[.dashboard(.roofline)]?.progress)
    #expect(progress.isFinished)
    #expect(progress.snapshot.report == expected)
    let series = try #require(progress.series)
    #expect(series.windows.reduce(0) { $0 + $1.arrivals } == 200)
    #expect(series.windows.reduce(0) { $0 + $1.completions } == 200)
    #expect(progress.measurement?.requests == 200)
  }

  @Test func cursesKeyCodesDecode() {
    #expect(NcursesTerminal.decode(3) == .control("c"))
    #expect(NcursesTerminal.decode(12) == .control("l"))
    #expect(NcursesTerminal.decode(9) == .tab)
    #expect(NcursesTerminal.decode(27) == .escape)
    #expect(NcursesTerminal.decode(10) == .enter)
    #expect(NcursesTerminal.decode(127) == .backspace)
    #expect(NcursesTerminal.decode(Int32(UInt8(ascii: "+"))) == .character("+"))
  }
}

@Suite struct RunSchedulerTests {
  private var scenario: Scenario { shortScenario(requests: 50) }

  @Test func unchangedJobsCarryOverAcrossGenerations() {
    var scheduler = RunScheduler()
    let roofline = RunJob(key: .dashboard(.roofline), scenario: scenario)
    let blackbox = RunJob(key: .dashboard(.blackbox), scenario: scenario)
    scheduler.adopt(generation: 1, jobs: [roofline, blackbox])
    drive(&scheduler, runner: CountingRunner())
    let split = RunJob(key: .split(GPUSplit(tensorParallelism: 8, instances: 1), .roofline),
                       scenario: scenario.withSplit(GPUSplit(tensorParallelism: 8, instances: 1)))
    scheduler.adopt(generation: 2, jobs: [roofline, split])
    let output = scheduler.output()
    #expect(output.generation == 2)
    #expect(output.outcomes[.dashboard(.roofline)]?.progress?.isFinished == true)   // kept, not restarted
    #expect(output.outcomes[.dashboard(.blackbox)] == nil)                           // dropped
    if case .pending? = output.outcomes[split.key] {} else { Issue.record("new split should start pending") }
    #expect(!scheduler.isComplete)
  }

  @Test func noRunIsSimulatedTwice() {
    // The dashboard and the same split share a run; the answer bar and the splits view share searches.
    var state = Fixture.state()
    _ = state.start()
    _ = state.handle(.key(.character("v")))
    let jobs = state.jobs
    var scheduler = RunScheduler()
    scheduler.adopt(generation: 1, jobs: jobs)
    #expect(scheduler.entries.count == Set(jobs.map(\.spec)).count)
    #expect(scheduler.entries.count == jobs.count - 2)                     // the dashboard's split counted once per model
    let shared = scheduler.entries.first { $0.keys.contains(.dashboard(.roofline)) }
    #expect(shared?.keys == [.dashboard(.roofline), .split(Fixture.scenario.split, .roofline)])
  }

  @Test func onlyTheFirstFewUnfinishedRunsAdvanceAtOnce() {
    var scheduler = RunScheduler(maximumActiveRuns: 3)
    let jobs = SplitTable.splits(gpuBudget: 8).flatMap { split in
      LatencyModelChoice.allCases.map { RunJob(key: .split(split, $0), scenario: scenario.withSplit(split)) }
    }
    scheduler.adopt(generation: 1, jobs: jobs)
    var leased: [RunScheduler.Lease] = []
    while let lease = scheduler.lease() {
      if case .check(let generation, let split, _) = lease {
        scheduler.finishCheck(split: split, generation: generation, check: ScenarioCheck())
      } else {
        leased.append(lease)
      }
    }
    #expect(leased.count == 3)                                     // three runs in flight, the rest wait
    drive(&scheduler, runner: CountingRunner())
    for lease in leased {                                          // hand the leased ones back unstarted
      if case .advance(_, let id, _, _, _, _, let events, _) = lease {
        scheduler.finishSlice(id: id, result: RunScheduler.SliceResult(sliceEvents: events))
      }
    }
    drive(&scheduler, runner: CountingRunner())
    #expect(scheduler.isComplete)
    #expect(scheduler.output().outcomes.values.allSatisfy { $0.snapshot?.completed == scenario.runRequests })
  }
}
