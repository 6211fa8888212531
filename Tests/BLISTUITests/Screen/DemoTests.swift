import BLISSim
import Testing
@testable import BLISTUI

@Suite struct DemoTests {
  private func finishedDashboard(_ state: inout AppState, served: Double = 99, preemptions: Bool = false) {
    let series = TimeSeries(windowSeconds: 1, windows: (0..<5).map { TimeSeries.Window(startSeconds: Double($0)) })
    Fixture.receive(Fixture.bothColumns(roofline: Fixture.progress(served: served, series: series),
                                        blackbox: Fixture.progress(served: served, series: series)), into: &state)
  }

  @Test func eachSceneWaitsForItsResultsThenHoldsItsCaption() throws {
    var state = Fixture.state()
    #expect(state.startDemo().count == 1)
    #expect(state.demoScene == .steady)
    #expect(state.demoCaption?.contains("simulating") == true)
    // No results: the scene waits (well past the hold time).
    #expect(state.handle(.tick(elapsedMilliseconds: DemoState.holdMilliseconds * 3)).isEmpty)
    #expect(state.demoScene == .steady)
    finishedDashboard(&state)
    _ = state.handle(.tick(elapsedMilliseconds: 2_000))             // playback (5×) reaches the end of the 5 s run
    #expect(state.playbackAtEnd && state.demoScene == .steady)
    #expect(state.demoCaption?.contains("within the SLO") == true)
    let effects = state.handle(.tick(elapsedMilliseconds: DemoState.holdMilliseconds))
    #expect(state.demoScene == .overload)
    guard case .restart? = effects.first else { Issue.record("scene change did not restart"); return }
    #expect(state.draft.rateRequestsPerSecond == 400 && state.draft.split == GPUSplit(tensorParallelism: 1, instances: 4))
  }

  @Test func aClaimThatDoesNotHoldSaysSo() {
    var state = Fixture.state()
    _ = state.startDemo()
    _ = state.handle(.key(.right))                                  // → the overload scene
    #expect(state.demoScene == .overload)
    finishedDashboard(&state, served: 99)                          // ... but it keeps up
    _ = state.handle(.tick(elapsedMilliseconds: 2_000))
    #expect(state.demoCaption?.contains("no overload on this data") == true)
    finishedDashboard(&state, served: 48)
    #expect(state.demoCaption?.contains("OVERLOADED") == true)
  }

  @Test func theSplitsSceneCaptionIsWrittenFromTheAnswer() {
    var state = Fixture.state()
    _ = state.startDemo()
    _ = state.handle(.key(.right))
    _ = state.handle(.key(.right))
    #expect(state.demoScene == .splits && state.view == .splits && state.gpuBudget == 8)
    #expect(state.demoCaption?.contains("searching") == true)
    var outcomes: [RunKey: RunOutcome] = [:]
    for (tp, rate, tokens) in [(1, 380.0, 100_000.0), (2, 300, 80_000), (4, 230, 60_000), (8, 152, 40_000)] {
      let split = GPUSplit(tensorParallelism: tp, instances: 8 / tp)
      outcomes[.capacity(split, .roofline)] = .capacity(Fixture.search(split, .roofline, rate: rate, tokensPerSecond: tokens))
      outcomes[.capacity(split, .blackbox)] = .unavailable("no coefficients")
    }
    Fixture.receive(outcomes, into: &state)
    let caption = state.demoCaption ?? ""
    #expect(caption.contains("TP1×8 serves 2.5× the traffic of TP8×1"), "\(caption)")
    #expect(caption.contains("$0.067 vs $0.167 per M tokens"), "\(caption)")
  }

  @Test func theCaptionComparesEachSplitAtItsOwnConservativeCapacity() {
    var state = Fixture.state()
    _ = state.startDemo()
    _ = state.handle(.key(.right))
    _ = state.handle(.key(.right))
    var outcomes: [RunKey: RunOutcome] = [:]
    // Blackbox is optimistic on TP2×4 and absurd (flagged) on TP4×2; TP8×1 has no blackbox row.
    let rates: [(Int, Double, Double?)] = [(1, 454, 426), (2, 348, 556), (4, 172, 439), (8, 82.8, nil)]
    for (tp, roofline, blackbox) in rates {
      let split = GPUSplit(tensorParallelism: tp, instances: 8 / tp)
      outcomes[.capacity(split, .roofline)] = .capacity(Fixture.search(split, .roofline, rate: roofline))
      outcomes[.capacity(split, .blackbox)] = blackbox.map {
        .capacity(Fixture.search(split, .blackbox, rate: $0, flagged: tp == 4))
      } ?? .unavailable("no coefficients")
    }
    Fixture.receive(outcomes, into: &state)
    let caption = state.demoCaption ?? ""
    #expect(state.answer.best?.split == GPUSplit(tensorParallelism: 1, instances: 8))
    #expect(caption.contains("TP1×8 serves 5.1× the traffic of TP8×1 at the same SLO (426 vs 82.8 req/s)"), "\(caption)")
  }

  @Test func keysStepHoldAndStop() {
    var state = Fixture.state()
    _ = state.startDemo()
    _ = state.handle(.key(.character(" ")))
    #expect(state.demo?.isHeld == true)
    finishedDashboard(&state)
    #expect(state.handle(.tick(elapsedMilliseconds: 120_000)).isEmpty)   // held: stays
    #expect(state.demoScene == .steady)
    _ = state.handle(.key(.left))
    #expect(state.demoScene == .kvPressure)                       // ← wraps to the last scene
    #expect(state.handle(.key(.character("x"))).isEmpty)
    #expect(state.demo == nil && state.status == "demo stopped")
    #expect(state.handle(.key(.character("q"))) == [.quit])
  }
}
