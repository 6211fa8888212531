import Testing
@testable import BLISTUI

@Suite struct FrontierChartTests {
  static let chart = FrontierChart(
    series: [
      .init(marker: "1", label: "TP1×8", points: [(x: 10, y: 50), (x: 100, y: 80), (x: 150, y: 900)]),
      .init(marker: "8", label: "TP8×1", points: [(x: 10, y: 30), (x: 60, y: 400)]),
    ],
    xLabel: "completed req/s", yLabel: "TTFT p99 (ms)", limitY: 500, maxY: 1_500)

  @Test(arguments: [(40, 10), (80, 20), (120, 30), (10, 3)])
  func everyLineHasTheRequestedWidth(width: Int, height: Int) {
    for glyphs in [FrontierChart.Glyphs.braille, .ascii] {
      let lines = Self.chart.render(width: width, height: height, glyphs: glyphs)
      let (w, h) = (max(width, 24), max(height, 6))
      #expect(lines.count == h, "\(glyphs) \(width)×\(height)")
      #expect(lines.allSatisfy { $0.count == w }, "\(glyphs) \(width)×\(height): \(lines.map(\.count))")
    }
  }

  @Test func asciiFallbackUsesOnlyASCII() {
    let lines = Self.chart.render(width: 80, height: 20, glyphs: .ascii)
    #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    #expect(lines.last?.contains("TP1x8") == true)
    #expect(lines.joined().contains("1") && lines.joined().contains("8"))
  }

  @Test func brailleDrawsCurvesBetweenPoints() {
    let lines = Self.chart.render(width: 80, height: 20, glyphs: .braille)
    let braille = lines.joined().unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }
    #expect(!braille.isEmpty)
  }

  /// Higher latency is drawn higher (a smaller line index); larger throughput further right.
  @Test func pointsLandWhereTheirValuesSay() throws {
    let chart = FrontierChart(series: [.init(marker: "A", label: "a", points: [(x: 10, y: 100)]),
                                       .init(marker: "B", label: "b", points: [(x: 100, y: 400)])],
                              xLabel: "x", yLabel: "y", limitY: nil, maxY: nil)
    let lines = chart.render(width: 60, height: 16, glyphs: .ascii)
    let plot = lines.dropLast(3)  // axis, x labels, legend
    let rowA = try #require(plot.firstIndex { $0.dropFirst(9).contains("A") })
    let rowB = try #require(plot.firstIndex { $0.dropFirst(9).contains("B") })
    #expect(rowB < rowA)
    let colA = try #require(lines[rowA].firstIndex(of: "A"))
    let colB = try #require(lines[rowB].firstIndex(of: "B"))
    #expect(colA < colB)
  }

  @Test func limitIsDrawnAndLabelled() {
    let lines = Self.chart.render(width: 80, height: 20, glyphs: .ascii)
    #expect(lines.contains { $0.contains("- - - -") })
    #expect(lines.last?.contains("limit 500") == true)
    // Points above the ceiling are clipped into the top plot row, not dropped.
    var clipped = Self.chart
    clipped.maxY = 600
    #expect(clipped.render(width: 80, height: 20, glyphs: .ascii)[1].contains("1"))
    #expect(!lines[1].contains("1"))
  }
}
