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
    scenario.minimumRequests = 100
    scenario.arrivalSeconds = 0.5
    let terminal = ScriptedTerminal(script: [
      .key(.character("j")), .key(.character("j")), .key(.character("+")), nil,
      .key(.control("l")), .resize(width: 60, height: 20), .resize(width: 100, height: 30), .key(.character("e")),
    ] + Array(repeating: nil, count: 40) + [.key(.character("q"))])
    var loop = AppLoop(state: Fixture.state(scenario), terminal: terminal,
                       host: SimulationHost(runner: CountingRunner(), validator: FixedValidator(), workerCount: 2),
                       exporter: ExportWriter(directory: directory))
    loop.run(demo: false)
    #expect(loop.state.draft.split.tensorParallelism == 4)
    #expect(loop.terminal.invalidations == 1)
    #expect(loop.terminal.frames.contains { $0.text.contains("terminal too small") })
    let last = try #require(loop.terminal.frames.last)
    #expect(last.lines[0].contains("TP4×4"))
    #expect(last.text.contains("ROOFLINE") && last.text.contains("served "))     // results from the host threads
    // The export is written on a background queue: give it a bounded moment to land.
    var files: [String] = []
    for _ in 0..<500 where files.count < 2 {
      files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      Thread.sleep(forTimeInterval: 0.01)
    }
    #expect(files.contains { $0.hasSuffix(".md") } && files.contains { $0.hasSuffix(".json") }, "export files: \(files)")
  }
}
