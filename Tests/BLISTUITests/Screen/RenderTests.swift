import BLISSim
import Testing
@testable import BLISTUI

@Suite struct RenderTests {
  @Test(arguments: [(80, 24), (120, 40)])
  func dashboardShowsBothColumnsNumbersAndKV(width: Int, height: Int) {
    let state = Fixture.running(Fixture.bothColumns(roofline: Fixture.snapshot(ttftP99: 123, e2eP99: 4_321),
                                                    blackbox: Fixture.snapshot(ttftP99: 246, e2eP99: 8_642)))
    let canvas = ScreenRenderer.render(state, width: width, height: height)
    #expect(canvas.lines.count == height)
    #expect(canvas.lines.allSatisfy { $0.count == width })
    #expect(canvas.lines[0].contains("TP2 × 4"))
    let header = canvas.row(containing: "ROOFLINE")
    #expect(header != nil && canvas.lines[header!].contains("BLACKBOX"))
    guard let ttft = canvas.row(startingWith: "TTFT "), let e2e = canvas.row(startingWith: "E2E ") else {
      Issue.record("no latency rows:\n\(canvas.text)"); return
    }
    #expect(canvas.lines[ttft].contains("123") && canvas.lines[ttft].contains("246"))
    #expect(canvas.lines[ttft].contains("-50%"))                 // roofline relative to blackbox
    #expect(canvas.lines[e2e].contains("4321") && canvas.lines[e2e].contains("8642"))
    #expect(canvas.row(startingWith: "ITL ") != nil)
    #expect(canvas.text.contains("900/1000"))
    #expect(canvas.text.contains("preemptions 3"))
    #expect(canvas.text.contains("prefix hit 25%"))
    for instance in 0..<4 { #expect(canvas.row(containing: " i\(instance) ") != nil, "KV row of instance \(instance)") }
    #expect(canvas.text.contains(" 30% "))                       // 300 of 1000 blocks
    #expect(canvas.lines[height - 1].contains("q quit") && canvas.lines[height - 1].contains("? help"))
  }

  @Test(arguments: [(79, 24), (80, 23), (40, 10)])
  func tooSmallTerminalShowsOnlyACentredMessage(width: Int, height: Int) {
    let canvas = ScreenRenderer.render(Fixture.running(Fixture.bothColumns()), width: width, height: height)
    let message = "terminal too small: need 80×24"
    guard let row = canvas.row(containing: message) else { Issue.record("\(canvas.text)"); return }
    let line = canvas.lines[row]
    let left = line.prefix { $0 == " " }.count
    let right = line.reversed().prefix { $0 == " " }.count
    #expect(abs(left - right) <= 1, "not centred: \(line)")
    #expect(!canvas.text.contains("ROOFLINE"))
  }

  @Test func sloColoursP99ByState() {
    let outcomes = Fixture.bothColumns(roofline: Fixture.snapshot(ttftP99: 600), blackbox: Fixture.snapshot(ttftP99: 450))
    var state = Fixture.running(outcomes)
    var canvas = ScreenRenderer.render(state, width: 120, height: 40)
    guard let ttft = canvas.row(startingWith: "TTFT ") else { Issue.record("\(canvas.text)"); return }
    #expect(canvas.style(of: "600", row: ttft) == .bad)
    #expect(canvas.style(of: "450", row: ttft) == .warn)
    #expect(canvas.text.contains("✗ SLO violated"))
    state.draft.slo.ttftP99Ms = 2_000
    canvas = ScreenRenderer.render(state, width: 120, height: 40)
    #expect(canvas.style(of: "600", row: ttft) == .good)
    #expect(canvas.text.contains("✓ within SLO"))
  }

  @Test func caveatsShowUnderTheConfigurationInWarningStyle() {
    var state = Fixture.running(Fixture.bothColumns())
    state.caveats = ["blackbox row x looks unphysical"]
    let canvas = ScreenRenderer.render(state, width: 120, height: 40)
    guard let row = canvas.row(startingWith: "⚠ ") else { Issue.record("\(canvas.text)"); return }
    #expect(canvas.style(of: "looks unphysical", row: row) == .warn)
  }

  @Test func missingBlackboxCoefficientsAreExplainedInItsColumn() {
    let reason = "no coefficients for llama-3.1-70b-instruct/H100/TP8 — try blis calibrate or roofline"
    let state = Fixture.running([.dashboard(.roofline): .running(Fixture.snapshot()), .dashboard(.blackbox): .unavailable(reason)])
    let canvas = ScreenRenderer.render(state, width: 80, height: 24)
    #expect(canvas.text.contains("no coefficients for"))
    #expect(canvas.text.contains("blis calibrate"))
    guard let ttft = canvas.row(startingWith: "TTFT ") else { Issue.record("\(canvas.text)"); return }
    #expect(canvas.lines[ttft].hasSuffix("–"))                 // no Δ without a blackbox number
  }

  @Test func titleSaysUnavailableWhenNoModelCanRun() {
    let state = Fixture.running([.dashboard(.roofline): .unavailable("no config"), .dashboard(.blackbox): .unavailable("no rows")])
    #expect(ScreenRenderer.render(state, width: 80, height: 24).lines[0].contains("✗ unavailable"))
    let running = Fixture.running(Fixture.bothColumns())
    #expect(ScreenRenderer.render(running, width: 80, height: 24).lines[0].contains("● running"))
  }

  @Test func invalidConfigurationIsShownInlineAndNothingIsSimulated() {
    var scenario = Fixture.scenario
    scenario.tensorParallelism = 3
    var state = Fixture.state(scenario)
    _ = state.start()
    let canvas = ScreenRenderer.render(state, width: 80, height: 24)
    guard let row = canvas.row(containing: "--tp '3' is invalid") else { Issue.record("\(canvas.text)"); return }
    #expect(canvas.style(of: "--tp '3'", row: row) == .bad)
    #expect(canvas.text.contains("not simulated"))
    #expect(canvas.lines[0].contains("invalid"))
  }

  @Test func noColorKeepsStatesDistinctWithoutHue() {
    for style in Style.allCases {
      #expect(CellAttributes.forStyle(style, colourEnabled: false).colour == nil, "\(style) has a colour under NO_COLOR")
    }
    let normal = CellAttributes.forStyle(.normal, colourEnabled: false)
    let warn = CellAttributes.forStyle(.warn, colourEnabled: false)
    let bad = CellAttributes.forStyle(.bad, colourEnabled: false)
    #expect(Set([normal, warn, bad]).count == 3)
    #expect(CellAttributes.forStyle(.good, colourEnabled: true).colour == .green)
    #expect(CellAttributes.forStyle(.warn, colourEnabled: true).colour == .yellow)
    #expect(CellAttributes.forStyle(.bad, colourEnabled: true).colour == .red)
  }

  @Test func splitsTableMarksTheBestSplitThatMeetsTheSLO() {
    var state = Fixture.state()
    _ = state.start()
    _ = state.handle(.key(.character("v")))
    var outcomes: [RunKey: RunOutcome] = [:]
    // TP8×1 has the lowest E2E but violates the TTFT SLO; TP4×2 is the best split within it.
    let e2e = [1: 9_000.0, 2: 6_000, 4: 3_000, 8: 1_000]
    for (tp, value) in e2e {
      for kind in LatencyKind.allCases {
        outcomes[.split(tensorParallelism: tp, instances: 8 / tp, kind)] =
          .running(Fixture.snapshot(ttftP99: tp == 8 ? 900 : 100, e2eP99: value, instances: 8 / tp))
      }
    }
    _ = state.handle(.results(HostOutput(generation: state.generation, outcomes: outcomes)))
    let canvas = ScreenRenderer.render(state, width: 100, height: 30)
    for label in ["TP1 × 8", "TP2 × 4", "TP4 × 2", "TP8 × 1"] { #expect(canvas.row(containing: label) != nil, "\(label) missing") }
    guard let best = canvas.row(containing: "TP4 × 2") else { Issue.record("\(canvas.text)"); return }
    #expect(canvas.lines[best].hasPrefix("★"))
    #expect(canvas.style(of: "TP4 × 2", row: best) == .best)
    #expect(canvas.lines.filter { $0.hasPrefix("★") }.count == 1)
    #expect(canvas.row(containing: "TTFT p99 (ms) vs offered req/s") != nil)        // the chart
  }

  @Test func onceEverySearchFinishedTheBestSplitServesTheMostWithinTheSLO() {
    /// A finished search whose highest passing rate is `rate` (a pass at `rate`, a fail 1 % above).
    func finished(_ rate: Double) -> CapacityProgress {
      var bracket = CapacityBracket(settings: CapacitySearchSettings(), startRate: rate)
      while let next = bracket.nextRate { bracket.record(rate: next, passed: next <= rate) }
      return CapacityProgress(bracket: bracket)
    }
    func row(_ tp: Int, e2e: Double, capacity: Double?) -> SplitPlan.Row {
      let metrics = ColumnMetrics(snapshot: Fixture.snapshot(ttftP99: 100, e2eP99: e2e, instances: 8 / tp), gpuCount: 8)
      var r = SplitPlan.Row(split: Split(tensorParallelism: tp, instances: 8 / tp), problem: nil,
                            metrics: [.roofline: metrics], unavailable: [:])
      if let capacity { r.capacity[.roofline] = finished(capacity) }
      return r
    }
    let slo = ServiceLevelObjective()
    // Searches still running: lowest E2E p99 within the SLO (TP8).
    var rows = [row(1, e2e: 9_000, capacity: 380), row(8, e2e: 1_000, capacity: nil)]
    #expect(SplitPlan.best(rows, slo: slo)?.tensorParallelism == 8)
    // All finished: the most requests per second within the SLO (TP1), whatever the E2E.
    rows[1] = row(8, e2e: 1_000, capacity: 150)
    #expect(SplitPlan.best(rows, slo: slo)?.tensorParallelism == 1)
  }

  @Test func splitsChartPlotsEachSplitsRunAndProbes() throws {
    var state = Fixture.state()
    _ = state.start()
    _ = state.handle(.key(.character("v")))
    var outcomes: [RunKey: RunOutcome] = [:]
    for tp in [1, 2, 4, 8] {
      outcomes[.split(tensorParallelism: tp, instances: 8 / tp, .roofline)] =
        .running(Fixture.snapshot(ttftP99: 50 * Double(tp), instances: 8 / tp))
    }
    // TP2×4's search: passed at 200 req/s (TTFT p99 300 ms), failed at 400 (2,000 ms, clipped to the top).
    var bracket = CapacityBracket(settings: CapacitySearchSettings(), startRate: 200)
    bracket.record(rate: 200, passed: true)
    bracket.record(rate: 400, passed: false)
    let probes = [CapacityProgress.Probe(rateRequestsPerSecond: 200, ttftP99Ms: 300, passed: true),
                  CapacityProgress.Probe(rateRequestsPerSecond: 400, ttftP99Ms: 2_000, passed: false)]
    outcomes[.capacity(tensorParallelism: 2, instances: 4, .roofline)] = .capacity(CapacityProgress(bracket: bracket, probes: probes))
    _ = state.handle(.results(HostOutput(generation: state.generation, outcomes: outcomes)))
    let canvas = ScreenRenderer.render(state, width: 120, height: 40)
    let title = try #require(canvas.row(containing: "roofline: TTFT p99 ms vs req/s"))
    let chartRows = canvas.lines[(title + 1)...].prefix { !$0.contains("limit 500") }
    let left = chartRows.map { String($0.prefix(59)) }
    // Every split's run at 100 req/s, and TP2×4's probes: three points of series "2" in the left chart.
    #expect(left.joined().filter { $0 == "2" }.count >= 3, "\(left.joined(separator: "\n"))")
    #expect(left.contains { $0.contains("┄") })                                       // the TTFT SLO
    #expect(left.contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })   // a braille curve
    let ascii = canvas.asciiFolded()
    #expect(ascii.lines.allSatisfy { $0.allSatisfy(\.isASCII) })
    let asciiChart = ascii.lines[(title + 1)...].prefix { !$0.contains("limit 500") }.joined(separator: "\n")
    #expect(!asciiChart.contains("?") && asciiChart.contains("."), "\(asciiChart)")   // every glyph has its ASCII form
  }

  @Test func asciiFoldLeavesOnlyASCII() {
    let canvas = ScreenRenderer.render(Fixture.running(Fixture.bothColumns()), width: 80, height: 24).asciiFolded()
    #expect(canvas.lines.allSatisfy { line in line.allSatisfy { $0.isASCII } })
    #expect(canvas.text.contains("need") == false)
    #expect(canvas.lines[0].contains("TP2 x 4"))
  }

  @Test func helpAndPickerOverlays() {
    var state = Fixture.running(Fixture.bothColumns())
    _ = state.handle(.key(.character("?")))
    var canvas = ScreenRenderer.render(state, width: 100, height: 30)
    #expect(canvas.text.contains("roofline  step time"))
    #expect(canvas.text.contains("Ctrl-L"))
    _ = state.handle(.key(.escape))
    _ = state.handle(.key(.character("/")))
    _ = state.handle(.key(.character("q")))
    canvas = ScreenRenderer.render(state, width: 100, height: 30)
    #expect(canvas.text.contains("Choose Model"))
    #expect(canvas.text.contains("▶ qwen/qwen2.5-7b-instruct"))
    #expect(!canvas.text.contains("meta-llama/llama-3.1-70b"))
  }

  @Test func glyphsBarAndResampledSparkline() {
    #expect(Glyphs.bar(fraction: 0.5, width: 4) == "██░░")
    #expect(Glyphs.bar(fraction: 7, width: 3) == "███")
    #expect(Glyphs.sparkline([0, 1], width: 4) == "  ▁█")
    #expect(Glyphs.sparkline([0, 0, 0, 1, 0, 0], width: 2) == "▁█")   // the peak survives resampling
  }
}

@Suite struct HelpFitTests {
  @Test func helpFitsTheMinimumTerminalWithoutTruncation() {
    var state = Fixture.running(Fixture.bothColumns())
    _ = state.handle(.key(.character("?")))
    let canvas = ScreenRenderer.render(state, width: ScreenRenderer.minimumWidth, height: ScreenRenderer.minimumHeight)
    for line in HelpOverlay.lines where !line.isEmpty {
      #expect(canvas.text.contains(line), "help line cut at 80×24: \(line)")
    }
  }
}
