import BLISSim
import Testing
@testable import BLISTUI

@Suite struct HostTests {
  @Test func hostPublishesFinishedRunsAndSwitchesGenerations() {
    let host = SimulationHost(runner: PreviewScenarioRunner())
    host.start()
    defer { host.stop() }
    var scenario = Fixture.scenario
    scenario.numRequests = 200
    let jobs = LatencyKind.allCases.map { RunJob(key: .dashboard($0), scenario: scenario) }
    host.restart(generation: 1, jobs: jobs)
    let first = host.waitUntilFinished(generation: 1, timeout: .seconds(30))
    #expect(first?.generation == 1)
    #expect(first?.outcomes[.dashboard(.roofline)]?.snapshot?.completed == 200)
    scenario.tensorParallelism = 8
    host.restart(generation: 2, jobs: jobs.map { RunJob(key: $0.key, scenario: scenario) })
    let second = host.waitUntilFinished(generation: 2, timeout: .seconds(30))
    #expect(second?.generation == 2)
    #expect(second?.outcomes.count == 2)
  }

  @Test func previewRunIsDeterministicAndReportsMissingCoefficients() throws {
    let runner = PreviewScenarioRunner()
    var scenario = Fixture.scenario
    scenario.numRequests = 100
    func finalReport() throws -> RunReport {
      var run = try runner.makeRun(scenario, latency: .roofline).get()
      return run.advance(until: .distantFuture).report
    }
    let a = try finalReport(), b = try finalReport()
    #expect(a == b)
    #expect(a.cluster.completedRequests == 100)
    scenario.model = "meta-llama/llama-3.1-70b-instruct"
    guard case .failure(let unavailable) = runner.makeRun(scenario, latency: .blackbox) else {
      Issue.record("expected no coefficients"); return
    }
    #expect(unavailable.reason.hasPrefix("no coefficients for llama-3.1-70b-instruct/H100/TP2"))
  }

  @Test func flagsMapToTheScenario() throws {
    let command = try TUICommand.parse(["--model", "Qwen/Qwen2.5-7B-Instruct", "--tp", "1", "--num-instances", "3",
                                        "--rate", "12.5", "--workload", "summarization"])
    let scenario = command.scenario()
    #expect(scenario.model == "qwen/qwen2.5-7b-instruct")
    #expect(scenario.tensorParallelism == 1 && scenario.instances == 3)
    #expect(scenario.rateRequestsPerSecond == 12.5 && scenario.workload == "summarization")
    #expect(throws: (any Error).self) { try TUICommand.parse(["--rate", "0"]) }
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
