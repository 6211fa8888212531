import BLISSim
import Testing
@testable import BLISTUI

@Suite struct RenderTests {
  @Test(arguments: [(80, 24), (120, 40)])
  func dashboardShowsBothColumnsNumbersAndKV(width: Int, height: Int) {
    let state = Fixture.running(Fixture.bothColumns(roofline: Fixture.progress(ttftP99: 123, e2eP99: 4_321),
                                                    blackbox: Fixture.progress(ttftP99: 246, e2eP99: 8_642)))
    let canvas = ScreenRenderer.render(state, width: width, height: height)
    #expect(canvas.lines.count == height)
    #expect(canvas.lines.allSatisfy { $0.count == width })
    #expect(canvas.lines[0].contains("8×H100 TP2×4 · 100 req/s"))
    let header = canvas.row(containing: "ROOFLINE")
    #expect(header != nil && canvas.lines[header!].contains("BLACKBOX"))
    guard let ttft = canvas.row(startingWith: "TTFT "), let e2e = canvas.row(startingWith: "E2E ") else {
      Issue.record("no latency rows:\n\(canvas.text)"); return
    }
    #expect(canvas.lines[ttft].contains("123") && canvas.lines[ttft].contains("246"))
    #expect(canvas.lines[ttft].hasSuffix("+100%"))                 // blackbox relative to roofline, as blis compare
    #expect(canvas.lines[e2e].contains("4321") && canvas.lines[e2e].contains("8642"))
    #expect(canvas.row(startingWith: "ITL ") != nil)
    #expect(canvas.text.contains("900/1000"))
    #expect(canvas.text.contains("preempt 3  prefix 25%  sim 10.0s"))
    #expect(canvas.text.contains("served 99 of 100 req/s (99%)"))
    for instance in 0..<4 { #expect(canvas.row(containing: " i\(instance) ") != nil, "KV row of instance \(instance)") }
    #expect(canvas.lines[height - 1].contains("q quit") && canvas.lines[height - 1].contains("? help"))
  }

  @Test func overloadedIsNotSLOViolatedAndShowsOfferedVsServed() throws {
    let state = Fixture.running(Fixture.bothColumns(roofline: Fixture.progress(ttftP99: 100, served: 48),
                                                    blackbox: Fixture.progress(ttftP99: 900, served: 99)))
    let canvas = ScreenRenderer.render(state, width: 80, height: 24)
    let header = try #require(canvas.row(containing: "ROOFLINE"))
    #expect(canvas.lines[header].contains("✗ OVERLOADED") && canvas.lines[header].contains("✗ SLO violated"))
    #expect(canvas.style(of: "✗ OVERLOADED", row: header) == .bad)
    #expect(canvas.text.contains("served 48 of 100 req/s (48%)"))
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

  @Test func sloColoursP99ByState() throws {
    let outcomes = Fixture.bothColumns(roofline: Fixture.progress(ttftP99: 600), blackbox: Fixture.progress(ttftP99: 450))
    var state = Fixture.running(outcomes)
    var canvas = ScreenRenderer.render(state, width: 120, height: 40)
    let ttft = try #require(canvas.row(startingWith: "TTFT "))
    #expect(canvas.style(of: "600", row: ttft) == .bad)
    #expect(canvas.style(of: "450", row: ttft) == .warn)
    #expect(canvas.text.contains("✗ SLO violated"))
    state.draft.slo.ttftP99Ms = 2_000
    canvas = ScreenRenderer.render(state, width: 120, height: 40)
    #expect(canvas.style(of: "600", row: ttft) == .good)
    #expect(canvas.text.contains("✓ within SLO"))
  }

  @Test func flaggedModelsShowUnderTheConfigurationAndInTheirColumn() throws {
    let flag = "blackbox row x looks unphysical: a 1-request decode step of 70 µs"
    let state = Fixture.running(Fixture.bothColumns(), checks: [Fixture.scenario.split: ScenarioCheck(flags: [.blackbox: [flag]])])
    let canvas = ScreenRenderer.render(state, width: 120, height: 40)
    let row = try #require(canvas.row(startingWith: "⚠ "))
    #expect(canvas.style(of: "looks unphysical", row: row) == .warn)
    #expect(canvas.text.contains("⚠ flagged"))
  }

  @Test func missingBlackboxCoefficientsAreExplainedInItsColumn() throws {
    let reason = "no coefficients for llama-3.1-70b-instruct/H100/TP8 — try blis calibrate or roofline"
    let state = Fixture.running([.dashboard(.roofline): .running(Fixture.progress()), .dashboard(.blackbox): .unavailable(reason)])
    let canvas = ScreenRenderer.render(state, width: 80, height: 24)
    #expect(canvas.text.contains("no coefficients for"))
    #expect(canvas.text.contains("blis calibrate"))
    let ttft = try #require(canvas.row(startingWith: "TTFT "))
    #expect(canvas.lines[ttft].hasSuffix("–"))                 // no Δ without a blackbox number
  }

  @Test func invalidConfigurationIsShownInlineAndNothingIsSimulated() throws {
    var scenario = Fixture.scenario
    scenario.split.tensorParallelism = 3
    var state = Fixture.state(scenario)
    _ = state.start()
    var canvas = ScreenRenderer.render(state, width: 80, height: 24)
    #expect(canvas.text.contains("checking the deployment…"))
    Fixture.validate(&state)
    canvas = ScreenRenderer.render(state, width: 80, height: 24)
    let row = try #require(canvas.row(containing: "--tp '3' is invalid"))
    #expect(canvas.style(of: "--tp '3'", row: row) == .bad)
    #expect(canvas.lines[row].hasSuffix("…"))                  // too long for 80 columns: cut visibly
    #expect(canvas.text.contains("not simulated"))
    #expect(canvas.lines[0].contains("invalid"))
  }

  @Test func textThatDoesNotFitEndsInAnEllipsisAt80x24() {
    var scenario = Fixture.scenario
    scenario.model = "some-organisation-with-a-long-name/an-extremely-long-model-name-that-cannot-fit-v2"
    let state = Fixture.running(Fixture.bothColumns(), state: Fixture.state(scenario))
    let canvas = ScreenRenderer.render(state, width: 80, height: 24)
    #expect(canvas.lines[0].contains("…"))                                 // the header
    #expect(canvas.row(containing: "Model some-organisation") != nil)
    #expect(canvas.lines.first { $0.contains("Model some-") }?.contains("…") == true)
    #expect(canvas.lines.allSatisfy { $0.count == 80 })
  }

  @Test func theTimeSeriesPanelFillsLargerTerminalsOnly() throws {
    let windows = (0..<60).map { i in
      TimeSeries.Window(startSeconds: Double(i), arrivals: 100, completions: i < 30 ? 100 : 60, ttftP50Ms: 20,
                        ttftP99Ms: i < 30 ? 80 : 900, itlP50Ms: 8, itlP99Ms: 20, queued: i < 30 ? 0 : (i - 30) * 40,
                        running: 200, kvUsedBlocks: 400, kvTotalBlocks: 4_000, instanceKVFractions: [0.1, 0.1, 0.1, 0.1])
    }
    let series = TimeSeries(windowSeconds: 1, windows: windows)
    var state = Fixture.running(Fixture.bothColumns(roofline: Fixture.progress(series: series), blackbox: Fixture.progress(series: series)))
    _ = state.handle(.tick(elapsedMilliseconds: 600_000))
    let small = ScreenRenderer.render(state, width: 80, height: 24)
    #expect(small.row(containing: "Over simulated time") == nil)
    let large = ScreenRenderer.render(state, width: 120, height: 40)
    let heading = try #require(large.row(containing: "Over simulated time"))
    for label in ["TTFT ms", "ITL ms", "in system", "KV used", "req/s"] {
      #expect(large.lines[heading...].contains { $0.hasPrefix(" " + label) }, "\(label) chart missing\n\(large.text)")
    }
    let ttft = try #require(large.lines.indices.first { $0 > heading && large.lines[$0].hasPrefix(" TTFT ms") })
    let ttftRows = large.lines[ttft...].prefix(3).joined()
    #expect(ttftRows.contains("░") && ttftRows.contains("▁"))                       // p99 band over a low p50
    #expect(large.lines[ttft...].prefix(3).contains { $0.contains("┄") })        // the SLO at 500 ms
    #expect(large.text.contains("p99 900"))
    #expect(large.text.contains("end of run"))
    #expect(large.row(containing: "sim time 0") != nil)
    // Playback: at 10 s only the first windows are drawn, and the cursor is on the axis.
    state.playback.cursorSeconds = 10
    let early = ScreenRenderer.render(state, width: 120, height: 40)
    #expect(early.text.contains("▶ 10.0s of 60.0s"))
    #expect(early.lines.contains { $0.contains("sim time 0") && $0.contains("▲") })
  }

  @Test func kvSparklinesUseAnAbsoluteScale() {
    #expect(Glyphs.sparkline([0.08, 0.08], width: 2) == "▁▁")          // 8 % is low, not full height
    #expect(Glyphs.sparkline([0.0, 1], width: 4) == "  ▁█")
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
  }

  @Test func asciiFoldLeavesOnlyASCII() {
    let canvas = ScreenRenderer.render(Fixture.running(Fixture.bothColumns()), width: 80, height: 24).asciiFolded()
    #expect(canvas.lines.allSatisfy { line in line.allSatisfy { $0.isASCII } })
    #expect(canvas.text.contains("?") == false || canvas.text.contains("? help"))
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
    #expect(Glyphs.sparkline([0, 0, 0, 1, 0, 0], width: 2) == "▁█")   // the peak survives resampling
  }

  @Test func blockChartDrawsSolidBandAndLimit() {
    let chart = BlockChart(columns: [.init(value: 1, bandTop: 2), .init(value: 2, bandTop: nil), nil], maximum: 2, limit: 1.5)
    #expect(chart.rows(height: 2) == ["░█┄", "██ "])
  }
}

@Suite struct HintTests {
  @Test func footersListOnlyTheKeysThatWork() {
    var state = Fixture.running(Fixture.bothColumns())
    #expect(HintBar.text(state).contains("? help"))
    _ = state.handle(.key(.enter))                                // the model picker
    let picker = HintBar.text(state)
    #expect(picker.contains("Esc cancel") && !picker.contains("? help") && !picker.contains("q quit"))
    _ = state.handle(.key(.escape))
    _ = state.handle(.key(.character("?")))
    #expect(HintBar.text(state) == "any key closes help")
    _ = state.handle(.key(.escape))
    _ = state.handle(.key(.character("v")))
    let splits = HintBar.text(state)
    #expect(splits.contains("Enter adopt") && splits.contains("s sort") && !splits.contains("Tab panel"))
    _ = state.startDemo()
    #expect(HintBar.text(state).contains("space hold"))
  }

  @Test func theWayOutSurvivesANarrowBar() {
    let state = Fixture.running(Fixture.bothColumns())
    let text = HintBar.text(state, width: 30)
    #expect(text.count <= 30 && text.contains("? help") && text.contains("q quit"))
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
