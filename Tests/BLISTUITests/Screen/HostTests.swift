import BLISSim
import Testing
@testable import BLISTUI

@Suite struct HostTests {
  @Test func hostPublishesFinishedRealRunsAndSwitchesGenerations() {
    let host = SimulationHost(runner: TestPlanner.runner)
    host.start()
    defer { host.stop() }
    var scenario = Fixture.scenario
    scenario.numRequests = 200
    let jobs = LatencyKind.allCases.map { RunJob(key: .dashboard($0), scenario: scenario) }
    host.restart(generation: 1, jobs: jobs)
    let first = host.waitUntilFinished(generation: 1, timeout: .seconds(60))
    #expect(first?.generation == 1)
    #expect(first?.outcomes[.dashboard(.roofline)]?.snapshot?.completed == 200)
    #expect(first?.outcomes[.dashboard(.blackbox)]?.snapshot?.completed == 200)
    // TP8 × 1: defaults.yaml has no blackbox row for this model at TP8 on H100.
    scenario = scenario.withSplit(tensorParallelism: 8, instances: 1)
    host.restart(generation: 2, jobs: jobs.map { RunJob(key: $0.key, scenario: scenario) })
    let second = host.waitUntilFinished(generation: 2, timeout: .seconds(60))
    #expect(second?.generation == 2)
    #expect(second?.outcomes[.dashboard(.roofline)]?.snapshot?.completed == 200)
    guard case .unavailable(let reason)? = second?.outcomes[.dashboard(.blackbox)] else {
      Issue.record("blackbox at TP8 should be unavailable: \(String(describing: second?.outcomes[.dashboard(.blackbox)]))")
      return
    }
    #expect(reason.contains("no coefficients") && reason.contains("--roofline"))
  }

  @Test func workerSlicesGiveTheSameReportAsOneRun() throws {
    // The host advances runs in slices sized by wall time; the final numbers must not depend on them.
    var scenario = Fixture.scenario
    scenario.numRequests = 150
    let plan = try TestPlanner.runner.plan(scenario, latency: .roofline).get()
    var whole = try plan.makeSimulation()
    let expected = whole.run()
    var worker = HostWorker(runner: TestPlanner.runner)
    worker.adopt(generation: 1, jobs: [RunJob(key: .dashboard(.roofline), scenario: scenario)])
    while !worker.isComplete { worker.advanceOneRound() }
    let sliced = worker.publish().outcomes[.dashboard(.roofline)]?.snapshot
    #expect(sliced?.isFinished == true)
    #expect(sliced?.report == expected)
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
