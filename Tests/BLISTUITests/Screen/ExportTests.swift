import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct ExportTests {
  private func state(finished: Bool = true) -> AppState {
    var state = Fixture.running(Fixture.bothColumns(roofline: Fixture.progress(ttftP99: 123, finished: finished),
                                                    blackbox: Fixture.progress(ttftP99: 246, finished: finished)))
    var outcomes = state.outcomes
    for split in SplitTable.splits(gpuBudget: 8) {
      for kind in LatencyModelChoice.allCases { outcomes[.capacity(split, kind)] = .capacity(Fixture.search(split, kind, rate: 100)) }
    }
    Fixture.receive(outcomes, into: &state)
    return state
  }

  private func document(_ state: AppState) -> ExportDocument {
    ExportDocument(state: state, launchArguments: { _ in ["--max-num-seqs", "128"] },
                   timestamp: "20261126-221530", isoTime: "2026-11-26T22:15:30Z")
  }

  @Test func markdownHasTheScenarioBothColumnsAndHowToReproduce() {
    let doc = document(state())
    #expect(doc.baseName == "blis-plan-20261126-221530")
    #expect(doc.markdown.contains("by `blis tui` \(BLISVersion.current)"))
    #expect(doc.markdown.contains("`meta-llama/llama-3.1-8b-instruct`"))
    #expect(doc.markdown.contains("| Split | TP2×4 (8 GPUs) |"))
    #expect(doc.markdown.contains("| Workload | chatbot: prompt 256±100 [2, 800], output 256±100 [1, 1024] tokens |"))
    #expect(doc.markdown.contains("| TTFT p99 | 123 | 246 | +100.0% |"))
    #expect(doc.markdown.contains("| Verdict | ✓ within SLO | ✓ within SLO | |"))
    #expect(doc.markdown.contains("blis run --model meta-llama/llama-3.1-8b-instruct --hardware H100 --workload chatbot "
      + "--routing-policy round-robin --seed 42 --tp 2 --num-instances 4 --rate 100 --num-requests 6000 "
      + "--latency-model roofline --max-num-seqs 128"))
    #expect(doc.markdown.contains("blis capacity --model meta-llama/llama-3.1-8b-instruct --hardware H100"))
    #expect(doc.markdown.contains("--gpus 8 --latency-models roofline,blackbox --slo-ttft-p99-ms 500 --slo-itl-p99-ms 50 --max-probe-requests 20000"))
    #expect(doc.markdown.contains("per million output tokens"))
    #expect(!doc.markdown.contains("PARTIAL"))
  }

  @Test func aMidRunExportSaysItIsPartial() throws {
    let doc = document(state(finished: false))
    #expect(doc.markdown.contains("**PARTIAL:**"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(doc.json.utf8)) as? [String: Any])
    #expect(json["partial"] as? Bool == true)
  }

  @Test func jsonCarriesVersionWorkloadCostAndTheRuns() throws {
    let doc = document(state())
    let json = try #require(try JSONSerialization.jsonObject(with: Data(doc.json.utf8)) as? [String: Any])
    #expect(json["version"] as? String == BLISVersion.current)
    #expect(json["partial"] as? Bool == false)
    let workload = try #require(json["workload"] as? [String: Any])
    #expect(workload["requests"] as? Int == 6_000 && workload["prompt_tokens"] != nil)
    let answer = try #require(json["answer"] as? [String: Any])
    let best = try #require(answer["best"] as? [String: Any])
    #expect(best["usd_per_million_output_tokens"] != nil && best["usd_per_hour"] as? Double == 24)
    let runs = try #require(json["runs"] as? [[String: Any]])
    #expect(runs.map { $0["latency_model"] as? String } == ["roofline", "blackbox"])
    #expect((runs.first?["reproduce"] as? String)?.hasPrefix("blis run ") == true)
  }

  @Test func writerPutsBothFilesInTheDirectory() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blis-export-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = ExportWriter.writeNow(document(state()), into: directory)
    guard case .success(let path) = result else { Issue.record("\(result)"); return }
    #expect(path.hasSuffix("blis-plan-20261126-221530.md"))
    let json = directory.appendingPathComponent("blis-plan-20261126-221530.json")
    #expect(FileManager.default.fileExists(atPath: json.path))
  }
}

@Suite struct ServingProfileDisplayTests {
  @Test func theLaunchProfileIsInTheHeaderAndTheExport() throws {
    let planner = try TestPlanner.planner()
    var state = planner.makeState()
    #expect(state.servingProfile == TestPlanner.files.servingProfiles.defaultProfile.name)
    _ = state.start()
    #expect(ScreenRenderer.render(state, width: 120, height: 40).lines[0].contains(state.servingProfile ?? "?"))
    let doc = ExportDocument(state: state, timestamp: "20261126-221530", isoTime: "2026-11-26T22:15:30Z")
    #expect(doc.markdown.contains("| Serving profile | \(state.servingProfile ?? "?") |"))
    #expect(doc.json.contains("\"serving_profile\" : \"\(state.servingProfile ?? "?")\""))
  }
}
