import BLISSim
import Testing
@testable import BLISTUI

@Suite struct SplitsViewTests {
  private func splitsState() -> AppState {
    var state = Fixture.state()
    _ = state.start()
    _ = state.handle(.key(.character("v")))
    return state
  }

  /// Runs at the draft's rate for every split, and searches: all finished except `pending`.
  private func outcomes(pending: Set<GPUSplit> = [], flagged: Bool = false) -> [RunKey: RunOutcome] {
    var outcomes: [RunKey: RunOutcome] = [:]
    for (tp, rate, tokens) in [(1, 380.0, 100_000.0), (2, 300, 80_000), (4, 230, 60_000), (8, 152, 40_000)] {
      let split = GPUSplit(tensorParallelism: tp, instances: 8 / tp)
      for kind in LatencyModelChoice.allCases {
        outcomes[.split(split, kind)] = .running(Fixture.progress(ttftP99: 50 * Double(tp), instances: 8 / tp))
        let search = Fixture.search(split, kind, rate: kind == .blackbox && tp == 4 && flagged ? 900 : rate, tokensPerSecond: tokens,
                                    flagged: kind == .blackbox && tp == 4 && flagged)
        if pending.contains(split) {
          var running = search
          running.bracket = CapacityBracket(settings: CapacitySearchSettings(), startRate: rate)
          running.result = nil
          outcomes[.capacity(split, kind)] = .capacity(running)
        } else {
          outcomes[.capacity(split, kind)] = .capacity(search)
        }
      }
    }
    return outcomes
  }

  @Test func theStarWaitsForEverySearchAndCountsThem() throws {
    var state = splitsState()
    Fixture.receive(outcomes(pending: [GPUSplit(tensorParallelism: 8, instances: 1)]), into: &state)
    var canvas = ScreenRenderer.render(state, width: 100, height: 30)
    #expect(!canvas.lines.dropFirst(4).contains { $0.contains("★") })         // no row is crowned yet
    #expect(canvas.text.contains("searching… 6/8"))
    #expect(canvas.lines[1].contains("searching… 6/8"))                // the answer bar says the same
    Fixture.receive(outcomes(), into: &state)
    canvas = ScreenRenderer.render(state, width: 100, height: 30)
    let best = try #require(canvas.lines.indices.first { $0 > 3 && canvas.lines[$0].contains("TP1×8") })
    #expect(canvas.lines[best].hasPrefix("▶★"))
    #expect(canvas.style(of: "TP1×8", row: best) == .best)
    #expect(canvas.lines.dropFirst(4).filter { $0.dropFirst().hasPrefix("★") }.count == 1)
    #expect(canvas.lines[1].contains("★ Best of 8 × H100: TP1×8") && canvas.lines[1].contains("380 req/s"))
    // Cost columns: 8 GPUs × $3/h = $24/h; 24 $/h over 100k tok/s = $0.067 per M tokens.
    #expect(canvas.lines[best].contains("$24") && canvas.lines[best].contains("$0.067"))
    #expect(canvas.row(containing: "TTFT p99 (ms) vs offered req/s") != nil)        // the chart
  }

  @Test func aFlaggedRowIsMarkedWithItsReasonAndNotCrowned() throws {
    var state = splitsState()
    var outcomes = outcomes(flagged: true)
    Fixture.receive(outcomes, into: &state, checks: [GPUSplit(tensorParallelism: 4, instances: 2): ScenarioCheck(flags: [.blackbox: ["row looks unphysical"]]),
                                                     GPUSplit(tensorParallelism: 1, instances: 8): ScenarioCheck(),
                                                     GPUSplit(tensorParallelism: 2, instances: 4): ScenarioCheck(),
                                                     GPUSplit(tensorParallelism: 8, instances: 1): ScenarioCheck()])
    let canvas = ScreenRenderer.render(state, width: 100, height: 30)
    #expect(canvas.text.contains("blackbox⚠"))
    #expect(canvas.text.contains("⚠ TP4×2 blackbox: row looks unphysical"))
    // 900 req/s on the flagged row would win by far; the best is still TP1×8.
    #expect(state.answer.best?.split == GPUSplit(tensorParallelism: 1, instances: 8))
    outcomes.removeAll()
  }

  @Test func theAnswerIsTheLibrarysBestOverTheSameResults() {
    var state = splitsState()
    Fixture.receive(outcomes(), into: &state)
    let answer = state.answer
    #expect(answer.isComplete && answer.total == 8)
    #expect(answer.bestIndex == CapacityPlanner.best(answer.results))
  }

  @Test func aSplitThatCannotRunSaysWhyAndCannotBeAdopted() {
    var state = splitsState()
    Fixture.receive([:], into: &state, checks: [GPUSplit(tensorParallelism: 1, instances: 8): ScenarioCheck(problems: ["does not fit"])])
    let canvas = ScreenRenderer.render(state, width: 100, height: 30)
    #expect(canvas.row(containing: "does not fit") != nil)
    _ = state.handle(.key(.enter))
    #expect(state.view == .splits && state.status?.contains("cannot run") == true)
  }

  @Test func theTableFits80Columns() {
    var state = splitsState()
    Fixture.receive(outcomes(), into: &state)
    let canvas = ScreenRenderer.render(state, width: 80, height: 24)
    #expect(canvas.lines.allSatisfy { $0.count == 80 })
    let header = canvas.lines[3]
    for title in ["TTFT p99", "ITL p99", "served", "max rate", "$/h", "$/M tok", "done"] {
      #expect(header.contains(title), "\(title) missing: \(header)")
    }
  }
}
