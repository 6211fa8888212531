import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct ExportTests {
  private func document() -> ExportDocument {
    let state = Fixture.running(Fixture.bothColumns(roofline: Fixture.snapshot(ttftP99: 123, finished: true),
                                                    blackbox: Fixture.snapshot(ttftP99: 246, finished: true)))
    return ExportDocument(state: state, timestamp: "20261126-221530", isoTime: "2026-11-26T22:15:30Z")
  }

  @Test func markdownHasTheScenarioAndBothColumns() {
    let doc = document()
    #expect(doc.baseName == "blis-plan-20261126-221530")
    #expect(doc.markdown.contains("`meta-llama/llama-3.1-8b-instruct`"))
    #expect(doc.markdown.contains("| TP × instances | 2 × 4 (8 GPUs) |"))
    #expect(doc.markdown.contains("| TTFT p99 | 123 | 246 | -50% |"))
  }

  @Test func jsonDecodesBackToTheRunsAndScenario() throws {
    let payload = try JSONDecoder().decode(ExportDocument.Payload.self, from: Data(document().json.utf8))
    #expect(payload.scenario == Fixture.scenario)
    #expect(payload.runs.map(\.latencyModel) == [.roofline, .blackbox])
    #expect(payload.runs.first?.report?.cluster.ttft.p99Ms == 123)
    #expect(payload.runs.allSatisfy { $0.finished })
    #expect(document().json.contains("\"tensor_parallelism\" : 2"))
  }

  @Test func writerPutsBothFilesInTheDirectory() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blis-export-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = ExportWriter.writeNow(document(), into: directory)
    guard case .success(let path) = result else { Issue.record("\(result)"); return }
    #expect(path.hasSuffix("blis-plan-20261126-221530.md"))
    let json = directory.appendingPathComponent("blis-plan-20261126-221530.json")
    #expect(FileManager.default.fileExists(atPath: json.path))
  }
}
