import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// A terminal that plays back scripted input and records every frame drawn.
private struct ScriptedTerminal: Terminal {
  var width = 100
  var height = 30
  var script: [TerminalInput?]
  var frames: [Canvas] = []
  var invalidations = 0
  var closed = false

  mutating func draw(_ canvas: Canvas) { frames.append(canvas) }
  mutating func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
    guard !script.isEmpty else { return .key(.character("q")) }     // never loop forever
    let input = script.removeFirst()
    switch input {
    case .resize(let newWidth, let newHeight)?: width = newWidth; height = newHeight   // as ncurses updates COLS/LINES
    case nil: Thread.sleep(forTimeInterval: 0.005)                                    // a frame with no key
    default: break
    }
    return input
  }
  mutating func invalidate() { invalidations += 1 }
  mutating func close() { closed = true }
}

@Suite struct AppLoopTests {
  @Test func keysReachTheHostAndTheScreenAndQuitEndsTheLoop() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blis-loop-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    var scenario = Fixture.scenario
    scenario.numRequests = 100
    let terminal = ScriptedTerminal(script: [
      .key(.character("j")), .key(.character("j")), .key(.character("+")), nil,
      .key(.control("l")), .resize(width: 60, height: 20), .resize(width: 100, height: 30), .key(.character("e")),
    ] + Array(repeating: nil, count: 40) + [.key(.character("q"))])
    var loop = AppLoop(state: Fixture.state(scenario), terminal: terminal,
                       host: SimulationHost(runner: CountingRunner()), exporter: ExportWriter(directory: directory))
    loop.run(demo: false)
    #expect(loop.state.draft.tensorParallelism == 4)
    #expect(loop.terminal.invalidations == 1)
    #expect(loop.terminal.frames.contains { $0.text.contains("terminal too small") })
    let last = try #require(loop.terminal.frames.last)
    #expect(last.lines[0].contains("TP4 × 4"))
    // The export is written on a background queue: give it a bounded moment to land.
    var files: [String] = []
    for _ in 0..<500 where files.count < 2 {
      files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      Thread.sleep(forTimeInterval: 0.01)
    }
    #expect(files.contains { $0.hasSuffix(".md") } && files.contains { $0.hasSuffix(".json") }, "export files: \(files)")
  }
}

@Suite struct HostWorkerTests {
  @Test func unchangedJobsCarryOverAcrossGenerations() {
    var worker = HostWorker(runner: CountingRunner())
    var scenario = Fixture.scenario
    scenario.numRequests = 50
    let roofline = RunJob(key: .dashboard(.roofline), scenario: scenario)
    let blackbox = RunJob(key: .dashboard(.blackbox), scenario: scenario)
    worker.adopt(generation: 1, jobs: [roofline, blackbox])
    while !worker.isComplete { worker.advanceOneRound() }
    let split = RunJob(key: .split(tensorParallelism: 8, instances: 1, .roofline), scenario: scenario.withSplit(tensorParallelism: 8, instances: 1))
    worker.adopt(generation: 2, jobs: [roofline, split])
    let output = worker.publish()
    #expect(output.generation == 2)
    #expect(output.outcomes[.dashboard(.roofline)]?.snapshot?.isFinished == true)   // kept, not restarted
    #expect(output.outcomes[.dashboard(.blackbox)] == nil)                          // dropped
    if case .pending? = output.outcomes[split.key] {} else { Issue.record("new split should start pending") }
    #expect(!worker.isComplete)
  }
}

@Suite struct HostWorkerSharingTests {
  @Test func theDashboardAndTheSameSplitShareOneRun() {
    var worker = HostWorker(runner: CountingRunner())
    var scenario = Fixture.scenario
    scenario.numRequests = 30
    let dashboard = RunJob(key: .dashboard(.roofline), scenario: scenario)
    let sameSplit = RunJob(key: .split(tensorParallelism: 2, instances: 4, .roofline), scenario: scenario)
    worker.adopt(generation: 1, jobs: [dashboard, sameSplit])
    worker.advanceOneRound()
    let output = worker.publish()
    let a = output.outcomes[dashboard.key]?.snapshot, b = output.outcomes[sameSplit.key]?.snapshot
    #expect(a != nil && a?.report == b?.report && a?.clock == b?.clock)
  }
}

@Suite struct HostWorkerWindowTests {
  @Test func onlyTheFirstFewUnfinishedRunsAdvanceAtOnce() {
    var worker = HostWorker(runner: CountingRunner())
    var scenario = Fixture.scenario
    scenario.numRequests = 5_000
    let jobs = SplitPlan.splits(gpuBudget: 8).flatMap { split in
      LatencyKind.allCases.map { RunJob(key: .split(tensorParallelism: split.tensorParallelism, instances: split.instances, $0),
                                        scenario: scenario.withSplit(tensorParallelism: split.tensorParallelism, instances: split.instances)) }
    }
    worker.adopt(generation: 1, jobs: jobs)
    worker.advanceOneRound()
    let outcomes = worker.publish().outcomes
    let started = jobs.filter { outcomes[$0.key]?.snapshot != nil }.map(\.key)
    #expect(started == jobs.prefix(HostWorker.maximumActiveRuns).map(\.key))
    while !worker.isComplete { worker.advanceOneRound() }
    #expect(worker.publish().outcomes.values.allSatisfy { $0.snapshot?.completed == 5_000 })
  }
}
