import BLISSim
import Testing
@testable import BLISTUI

@Suite struct ReducerTests {
  private func keys(_ state: inout AppState, _ keys: [Key]) -> [Effect] {
    keys.flatMap { state.handle(.key($0)) }
  }

  private func restartJobs(_ effects: [Effect]) -> [RunJob]? {
    guard case .restart(_, let jobs)? = effects.last else { return nil }
    return jobs
  }

  @Test func startRunsTheDashboardThenTheAnswerBarsSearches() throws {
    var state = Fixture.state()
    let jobs = try #require(restartJobs(state.start()))
    #expect(state.generation == 1)
    #expect(jobs.prefix(2).map(\.key) == [.dashboard(.roofline), .dashboard(.blackbox)])
    #expect(jobs.prefix(2).allSatisfy { $0.scenario == Fixture.scenario })
    // The answer bar: every split of the 8 GPUs (powers of two, as `blis capacity --gpus 8`), both models.
    let searches = jobs.dropFirst(2)
    #expect(searches.allSatisfy { $0.key.isCapacitySearch })
    #expect(Set(searches.map(\.key)) == Set(SplitGrid.splits(gpus: 8).flatMap { s in
      LatencyModelChoice.allCases.map { RunKey.capacity(s, $0) }
    }))
  }

  @Test func oneSplitRuleWithBlisCapacity() {
    #expect(SplitTable.splits(gpuBudget: 8) == SplitGrid.splits(gpus: 8))
    #expect(SplitTable.splits(gpuBudget: 6).map(\.description) == ["TP1×6", "TP2×3"])   // no TP3, TP6: powers of two
  }

  @Test func changingTPWithKeysRestartsWithANewGeneration() throws {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.character("j"), .character("j"), .character("+")])
    #expect(state.selectedField == .tensorParallelism)
    #expect(state.draft.split == GPUSplit(tensorParallelism: 4, instances: 4))
    let jobs = try #require(restartJobs(effects))
    #expect(state.generation == 2)
    #expect(jobs.filter { !$0.key.isCapacitySearch }.allSatisfy { $0.scenario.split.tensorParallelism == 4 })
    _ = keys(&state, [.left])
    #expect(state.draft.split.tensorParallelism == 2)
    #expect(state.generation == 3)
  }

  @Test func anInvalidTPIsShownOnceCheckedAndTheSearchesStillRun() throws {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.down, .down, .enter, .character("3"), .enter])
    #expect(state.draft.split.tensorParallelism == 3)
    #expect(state.isCheckingDraft && state.problems.isEmpty)          // the reducer reads no files
    Fixture.validate(&state)
    #expect(state.problems.first?.hasPrefix("--tp '3' is invalid") == true)
    // The answer bar's searches cover the budget's valid splits whatever the draft (TP3 × 4 = 12 GPUs).
    let searches = try #require(restartJobs(effects)).filter(\.key.isCapacitySearch).map(\.scenario.split)
    #expect(searches.contains(GPUSplit(tensorParallelism: 4, instances: 3)))
  }

  @Test func theSplitsViewRunsValidSplitsWhenTheDashboardIsInvalid() throws {
    var scenario = Fixture.scenario
    scenario.model = "meta-llama/llama-3.3-70b-instruct"
    scenario.split = GPUSplit(tensorParallelism: 1, instances: 8)      // 70B does not fit at TP1
    var state = Fixture.state(scenario)
    _ = state.start()
    let effects = keys(&state, [.character("v")])
    Fixture.validate(&state)
    #expect(state.problems.first?.contains("does not fit on H100 at TP 1") == true)
    let jobs = try #require(restartJobs(effects))
    #expect(jobs.contains { $0.key == .split(GPUSplit(tensorParallelism: 4, instances: 2), .roofline) })
    // The scheduler marks the invalid split unavailable and runs the others.
    var scheduler = RunScheduler()
    scheduler.adopt(generation: 1, jobs: jobs)
    drive(&scheduler, runner: CountingRunner(), validator: TestPlanner.validator)
    let output = scheduler.output()
    guard case .unavailable(let reason)? = output.outcomes[.split(GPUSplit(tensorParallelism: 1, instances: 8), .roofline)] else {
      Issue.record("TP1 should be unavailable"); return
    }
    #expect(reason.contains("does not fit"))
    #expect(output.outcomes[.split(GPUSplit(tensorParallelism: 4, instances: 2), .roofline)]?.progress?.isFinished == true)
  }

  @Test func nonNumericInputIsRejectedWithAOneLineReason() {
    var state = Fixture.state()
    _ = state.start()
    _ = keys(&state, [.down, .down, .down, .enter, .enter])     // Instances, empty text
    #expect(state.draft.split.instances == 4)
    #expect(state.status?.contains("Instances") == true)
    #expect(state.editor == nil)
  }

  @Test func filteredPickerChangesTheModel() {
    var scenario = Fixture.scenario
    scenario.split.tensorParallelism = 1
    var state = Fixture.state(scenario)
    _ = state.start()
    _ = keys(&state, [.character("/")] + "3.3-70b".map { Key.character($0) })
    #expect(state.filteredChoices(field: .model, filter: "3.3-70b") == ["meta-llama/llama-3.3-70b-instruct"])
    let effects = keys(&state, [.enter])
    #expect(state.draft.model == "meta-llama/llama-3.3-70b-instruct")
    #expect(restartJobs(effects) != nil)
  }

  @Test func escapeLeavesThePickerWithoutChange() {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.enter, .down, .escape])
    #expect(effects.isEmpty)
    #expect(state.editor == nil)
    #expect(state.draft == Fixture.scenario)
  }

  @Test func sloChangesKeepTheDashboardRunsAndRestartTheSearches() throws {
    var state = Fixture.running(Fixture.bothColumns())
    let before = state.jobSpecs
    let effects = keys(&state, [.up, .up, .up, .up, .character("+")])      // wraps to SLO TTFT p99
    #expect(state.selectedField == .ttftSLO)
    #expect(state.draft.slo.ttftP99Ms == 550)
    let jobs = try #require(restartJobs(effects))
    let dashboard = jobs.filter { !$0.key.isCapacitySearch }
    #expect(dashboard.allSatisfy { before[$0.key] == $0.spec })                      // same runs, kept
    #expect(state.outcomes[.dashboard(.roofline)] != nil)                            // their results stay on screen
    #expect(jobs.filter(\.key.isCapacitySearch).allSatisfy { before[$0.key] != $0.spec })   // new searches
  }

  @Test func rReallyRerunsWithTheNextSeed() throws {
    var state = Fixture.running(Fixture.bothColumns())
    let before = state.jobSpecs
    let effects = keys(&state, [.character("r")])
    #expect(state.draft.seed == 43)
    let jobs = try #require(restartJobs(effects))
    #expect(jobs.allSatisfy { $0.scenario.seed == 43 && before[$0.key] != $0.spec })   // every run is new
    #expect(state.outcomes.isEmpty)
    #expect(state.status == "rerun with seed 43")
    // The seed field is editable too.
    _ = keys(&state, [.up, .up] + [.enter] + "7".map { Key.character($0) } + [.enter])
    #expect(state.selectedField == .seed)
    #expect(state.draft.seed == 7)
  }

  @Test func splitsViewRunsEverySplitOfTheBudgetWithBothModels() throws {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.character("v")])
    #expect(state.view == .splits)
    let jobs = try #require(restartJobs(effects))
    let splitKeys = Set(jobs.map(\.key)).subtracting([.dashboard(.roofline), .dashboard(.blackbox)])
    let expected: Set<RunKey> = Set(SplitGrid.splits(gpus: 8).flatMap { s in
      LatencyModelChoice.allCases.flatMap { [RunKey.split(s, $0), .capacity(s, $0)] }
    })
    #expect(splitKeys == expected)
    for job in jobs { if case .split(let s, _) = job.key { #expect(job.scenario.split == s && job.scenario.load == .steady) } }
    let firstCapacity = jobs.firstIndex { $0.key.isCapacitySearch } ?? 0
    #expect(jobs[firstCapacity...].allSatisfy { $0.key.isCapacitySearch })
    // The draft's own split at the draft's rate is the dashboard's run: one spec, shared by the host.
    #expect(jobs.first { $0.key == .split(Fixture.scenario.split, .roofline) }?.spec == jobs[0].spec)
    _ = keys(&state, [.escape])
    #expect(state.view == .dashboard)
  }

  @Test func enterAdoptsTheSelectedSplitIntoTheDashboard() throws {
    var state = Fixture.state()
    _ = state.start()
    _ = keys(&state, [.character("v"), .down, .down])                 // TP1×8, TP2×4, ▶ TP4×2
    let effects = keys(&state, [.enter])
    #expect(state.view == .dashboard)
    #expect(state.draft.split == GPUSplit(tensorParallelism: 4, instances: 2))
    #expect(state.status == "adopted TP4×2 into the dashboard")
    #expect(try #require(restartJobs(effects)).first?.scenario.split == GPUSplit(tensorParallelism: 4, instances: 2))
  }

  @Test func theGPUBudgetIsEditableInTheSplitsView() throws {
    var state = Fixture.state()
    _ = state.start()
    _ = keys(&state, [.character("v")])
    var effects = keys(&state, [.character("+")])
    #expect(state.gpuBudget == 12)
    #expect(try #require(restartJobs(effects)).contains { $0.key == .capacity(GPUSplit(tensorParallelism: 4, instances: 3), .roofline) })
    effects = keys(&state, [.character("b"), .character("1"), .character("6"), .enter])
    #expect(state.gpuBudget == 16)
    #expect(try #require(restartJobs(effects)).contains { $0.key == .capacity(GPUSplit(tensorParallelism: 16, instances: 1), .blackbox) })
    _ = keys(&state, [.character("b"), .character("0"), .enter])
    #expect(state.gpuBudget == 16 && state.status?.contains("GPU budget \"0\" is not valid") == true)
    #expect(state.draft.split.gpuCount == 8)                          // the dashboard's own split is unchanged
  }

  @Test func sortingTheSplitsByMaxRate() {
    var state = Fixture.state()
    _ = state.start()
    _ = keys(&state, [.character("v")])
    var outcomes: [RunKey: RunOutcome] = [:]
    for (tp, rate) in [(1, 150.0), (2, 300), (4, 200), (8, 100)] {
      let split = GPUSplit(tensorParallelism: tp, instances: 8 / tp)
      for kind in LatencyModelChoice.allCases { outcomes[.capacity(split, kind)] = .capacity(Fixture.search(split, kind, rate: rate)) }
    }
    Fixture.receive(outcomes, into: &state)
    _ = keys(&state, [.character("s")])
    #expect(state.splitSort == .maxRate)
    #expect(SplitTable.rows(state: state).map(\.split.tensorParallelism) == [2, 4, 1, 8])
    _ = keys(&state, [.enter])
    #expect(state.draft.split == GPUSplit(tensorParallelism: 2, instances: 4))    // the top row of the sorted table
  }

  @Test func staleResultsAreDiscarded() {
    var state = Fixture.running(Fixture.bothColumns())
    _ = keys(&state, [.character("r")])
    #expect(state.outcomes.isEmpty)
    _ = state.handle(.results(HostOutput(generation: state.generation - 1, outcomes: Fixture.bothColumns())))
    #expect(state.outcomes.isEmpty)
    _ = state.handle(.results(HostOutput(generation: state.generation, outcomes: Fixture.bothColumns())))
    #expect(state.outcomes.count == 2)
  }

  @Test func quitPauseExportRedrawAndHelpKeys() {
    var state = Fixture.state()
    _ = state.start()
    #expect(keys(&state, [.character("p")]) == [.setPaused(true)])
    #expect(keys(&state, [.character("p")]) == [.setPaused(false)])
    #expect(keys(&state, [.character("e")]) == [.export])
    #expect(keys(&state, [.control("l")]) == [.redraw])
    #expect(keys(&state, [.character("?")]).isEmpty && state.showHelp)
    #expect(keys(&state, [.escape]).isEmpty && !state.showHelp)
    #expect(keys(&state, [.control("c")]) == [.quit])
    #expect(keys(&state, [.character("q")]) == [.quit])
  }

  @Test func qInHelpClosesHelpAsHelpSays() {
    var state = Fixture.state()
    _ = keys(&state, [.character("?")])
    #expect(keys(&state, [.character("q")]).isEmpty)
    #expect(!state.showHelp)
    #expect(keys(&state, [.character("q")]) == [.quit])
  }

  @Test func tabCyclesPanelsBothWays() {
    var state = Fixture.state()
    _ = keys(&state, [.tab])
    #expect(state.focus == .results)
    _ = keys(&state, [.tab, .tab])
    #expect(state.focus == .configuration)
    _ = keys(&state, [.backTab])
    #expect(state.focus == .kvCache)
    _ = keys(&state, [.down])
    #expect(state.kvScroll == 1)
  }

  @Test func exportResultGoesToTheStatusLine() {
    var state = Fixture.state()
    _ = state.handle(.exportFinished(.success("exports/blis-plan-x.md")))
    #expect(state.status?.contains("exports/blis-plan-x.md") == true)
    _ = state.handle(.exportFinished(.failure(ExportFailure(message: "export failed: disk full"))))
    #expect(state.status == "export failed: disk full")
  }

  @Test func playbackAdvancesAtItsSpeedUpToWhatHasBeenSimulated() {
    let series = TimeSeries(windowSeconds: 1, windows: (0..<30).map { TimeSeries.Window(startSeconds: Double($0)) })
    var state = Fixture.running(Fixture.bothColumns(roofline: Fixture.progress(series: series),
                                                    blackbox: Fixture.progress(series: series)))
    #expect(state.playback.cursorSeconds == 0 && state.playback.speed == Playback.defaultSpeed)
    _ = state.handle(.tick(elapsedMilliseconds: 1_000))
    #expect(state.playback.cursorSeconds == 5)
    _ = keys(&state, [.character("]")])
    #expect(state.playback.speed == 10)
    _ = state.handle(.tick(elapsedMilliseconds: 1_000))
    #expect(state.playback.cursorSeconds == 15)
    _ = keys(&state, [.character(" ")])
    _ = state.handle(.tick(elapsedMilliseconds: 1_000))
    #expect(state.playback.cursorSeconds == 15)                    // paused
    _ = keys(&state, [.character(" ")])
    _ = state.handle(.tick(elapsedMilliseconds: 10_000))
    #expect(state.playback.cursorSeconds == 30 && state.playbackAtEnd)   // never past the runs
    _ = keys(&state, [.character("0")])
    #expect(state.playback.cursorSeconds == 0)
  }
}

@Suite struct VerdictTests {
  @Test func overloadIsAVerdictOfItsOwnDistinctFromSLO() {
    // Served 196 of 405 req/s over the window: the queue grows, whatever the p99s say.
    let overloaded = Fixture.progress(ttftP99: 100, served: 48).measurement
    #expect(Verdict(measurement: overloaded, slo: Scenario.defaultSLO, load: .steady) == .overloaded)
    let slow = Fixture.progress(ttftP99: 900, served: 99).measurement
    #expect(Verdict(measurement: slow, slo: Scenario.defaultSLO, load: .steady) == .violated)
    let close = Fixture.progress(ttftP99: 450, served: 99).measurement
    #expect(Verdict(measurement: close, slo: Scenario.defaultSLO, load: .steady) == .close)
    let fine = Fixture.progress(ttftP99: 100, served: 99).measurement
    #expect(Verdict(measurement: fine, slo: Scenario.defaultSLO, load: .steady) == .within)
    #expect(Verdict(measurement: nil, slo: Scenario.defaultSLO, load: .steady) == .measuring)
    #expect(Verdict(measurement: fine, slo: Scenario.defaultSLO, load: .ramp) == .ramp)
  }
}
