import Testing
@testable import BLISTUI

@Suite struct ReducerTests {
  private func keys(_ state: inout AppState, _ keys: [Key]) -> [Effect] {
    keys.flatMap { state.handle(.key($0)) }
  }

  @Test func startRunsBothModelsForTheDraft() {
    var state = Fixture.state()
    let effects = state.start()
    #expect(effects == [.restart(generation: 1, jobs: [
      RunJob(key: .dashboard(.roofline), scenario: Fixture.scenario),
      RunJob(key: .dashboard(.blackbox), scenario: Fixture.scenario),
    ])])
  }

  @Test func changingTPWithKeysRestartsWithANewGeneration() {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.character("j"), .character("j"), .character("+")])
    #expect(state.selectedField == .tensorParallelism)
    #expect(state.draft.tensorParallelism == 4)
    guard case .restart(let generation, let jobs)? = effects.last else { Issue.record("no restart: \(effects)"); return }
    #expect(generation == 2)
    #expect(jobs.allSatisfy { $0.scenario.tensorParallelism == 4 })
    _ = keys(&state, [.left])
    #expect(state.draft.tensorParallelism == 2)
    #expect(state.generation == 3)
  }

  @Test func invalidTPTypedIntoTheFieldIsShownAndNothingRuns() {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.down, .down, .enter, .character("3"), .enter])
    #expect(state.draft.tensorParallelism == 3)
    #expect(state.problems.first?.hasPrefix("--tp '3' is invalid: expected a TP that divides the model's 32 attention heads") == true)
    #expect(effects.last == .restart(generation: 2, jobs: []))
  }

  @Test func nonNumericInputIsRejectedWithAOneLineReason() {
    var state = Fixture.state()
    _ = state.start()
    _ = keys(&state, [.down, .down, .down, .enter, .enter])     // Instances, empty text
    #expect(state.draft.instances == 4)
    #expect(state.status?.contains("Instances") == true)
    #expect(state.editor == nil)
  }

  @Test func filteredPickerChangesTheModelAndReportsAMemoryProblem() {
    var scenario = Fixture.scenario
    scenario.tensorParallelism = 1
    var state = Fixture.state(scenario)
    _ = state.start()
    _ = keys(&state, [.character("/")] + "3.3-70b".map { Key.character($0) })
    #expect(state.filteredChoices(field: .model, filter: "3.3-70b") == ["meta-llama/llama-3.3-70b-instruct"])
    let effects = keys(&state, [.enter])
    #expect(state.draft.model == "meta-llama/llama-3.3-70b-instruct")
    #expect(state.problems.first?.contains("does not fit on H100 at TP 1") == true)
    #expect(effects.last == .restart(generation: 2, jobs: []))
  }

  @Test func escapeLeavesThePickerWithoutChange() {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.enter, .down, .escape])
    #expect(effects.isEmpty)
    #expect(state.editor == nil)
    #expect(state.draft == Fixture.scenario)
  }

  @Test func sloChangesRecolourWithoutRestarting() {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.up, .up, .character("+")])      // wraps to SLO TTFT p99
    #expect(state.selectedField == .ttftSLO)
    #expect(state.draft.slo.ttftP99Ms == 550)
    #expect(effects.isEmpty)
    #expect(state.generation == 1)
  }

  @Test func splitsViewRunsEverySplitOfTheBudgetWithBothModels() {
    var state = Fixture.state()
    _ = state.start()
    let effects = keys(&state, [.character("v")])
    #expect(state.view == .splits)
    guard case .restart(_, let jobs)? = effects.last else { Issue.record("no restart"); return }
    let splitKeys = Set(jobs.map(\.key)).subtracting([.dashboard(.roofline), .dashboard(.blackbox)])
    let expected: Set<RunKey> = Set([(1, 8), (2, 4), (4, 2), (8, 1)].flatMap { tp, n in
      LatencyKind.allCases.flatMap {
        [RunKey.split(tensorParallelism: tp, instances: n, $0), .capacity(tensorParallelism: tp, instances: n, $0)]
      }
    })
    #expect(splitKeys == expected)
    for job in jobs {
      if case .split(let tp, let n, _) = job.key { #expect(job.scenario.tensorParallelism == tp && job.scenario.instances == n) }
    }
    let firstCapacity = jobs.firstIndex { $0.key.isCapacitySearch } ?? 0
    #expect(jobs[..<firstCapacity].allSatisfy { !$0.key.isCapacitySearch } && jobs[firstCapacity...].allSatisfy { $0.key.isCapacitySearch })
    _ = keys(&state, [.escape])
    #expect(state.view == .dashboard)
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

  @Test func demoCyclesScenesAndAnyKeyStopsIt() {
    var state = Fixture.state()
    #expect(state.startDemo().count == 1)
    #expect(state.demoCaption?.hasPrefix("DEMO 1/") == true)
    #expect(state.handle(.tick(elapsedMilliseconds: 5_000)).isEmpty)
    let effects = state.handle(.tick(elapsedMilliseconds: 5_000))
    #expect(state.view == .splits)
    #expect(state.demoCaption?.hasPrefix("DEMO 2/") == true)
    guard case .restart? = effects.first else { Issue.record("scene change did not restart"); return }
    #expect(keys(&state, [.character("x")]).isEmpty)
    #expect(state.demo == nil)
    #expect(state.handle(.tick(elapsedMilliseconds: 20_000)).isEmpty)
  }
}

@Suite struct SplitsViewKeyTests {
  @Test func panelKeysDoNothingInTheSplitsView() {
    var state = Fixture.state()
    _ = state.start()
    _ = state.handle(.key(.character("v")))
    let before = state.draft
    for key in [Key.enter, .character("/"), .character("+"), .right, .down] {
      #expect(state.handle(.key(key)).isEmpty)
    }
    #expect(state.editor == nil)
    #expect(state.draft == before)
  }
}
