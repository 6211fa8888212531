import Foundation
import Testing
@testable import BLISSim

/// The four public vLLM 0.6.0 runs (Mistral-7B, H100, TP1/TP8, bursts of 40/320), replayed with the
/// `vllm-0.6` profile and the servers' flags: mean TPOT within 15 % and mean E2E within 25 % of the
/// measurements, with benchmark_serving's definitions (TPOT over requests with more than one output
/// token; E2E over all).
@Suite struct SampleRunsTests {
  struct Measured {
    var inputLens: [Int]
    var outputLens: [Int]
    var meanTPOTMs: Double
    var meanE2EMs: Double
  }

  static func measured(_ name: String) throws -> Measured {
    let text = try TestData.fixture("vllm-bench/\(name).json")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let inputs = try #require(object["input_lens"] as? [Int])
    let outputs = try #require(object["output_lens"] as? [Int])
    return Measured(inputLens: inputs, outputLens: outputs, meanTPOTMs: try #require(object["mean_tpot_ms"] as? Double),
                    meanE2EMs: try #require(object["mean_latency_ms"] as? Double))
  }

  @Test(arguments: [("Mistral-7B-Instruct-v0.3_tp1_n40", 1), ("Mistral-7B-Instruct-v0.3_tp1_n320", 1),
                    ("Mistral-7B-Instruct-v0.3_tp8_n40", 8), ("Mistral-7B-Instruct-v0.3_tp8_n320", 8)])
  func sampleRunIsReproduced(name: String, tp: Int) throws {
    let m = try Self.measured(name)
    // Every request at t = 0; an empty output still generated its (EOS) token.
    let csv = zip(m.inputLens, m.outputLens).map { "0,\($0),\(max(1, $1))" }.joined(separator: "\n")
    let fixture = try PlanningFixture([
      "model": "mistralai/mistral-7b-instruct-v0.3", "hardware": "H100", "tp": "\(tp)",
      "latency-model": "roofline", "serving-profile": "vllm-0.6", "num-scheduler-steps": "10",
      "enable-chunked-prefill": "false", "max-model-len": "2048", "max-num-seqs": "256",
      "gpu-memory-utilization": "0.95", "enable-prefix-caching": "false",
    ])
    let plan = try RunPlan.make(fixture.settings, kind: .roofline, files: fixture.files, resolver: fixture.resolver)
    var sim = try Simulation(configuration: plan.engine, latencyModel: plan.deployment.stepTime.model,
                             workload: .trace(try TraceWorkload(csv: csv)))
    var sink = CollectingRecordSink()
    _ = sim.run(recordingInto: &sink)
    let records = sink.records.sorted { $0.id < $1.id }
    #expect(records.count == m.outputLens.count && records.allSatisfy { $0.outcome == .completed })
    var tpots: [Double] = [], e2es: [Double] = []
    for (r, outputs) in zip(records, m.outputLens) {
      e2es.append(Double(r.e2eMicros) / 1e3)
      if outputs > 1 { tpots.append(Double(r.e2eMicros - r.ttftMicros) / 1e3 / Double(outputs - 1)) }
    }
    let tpot = tpots.reduce(0, +) / Double(tpots.count), e2e = e2es.reduce(0, +) / Double(e2es.count)
    #expect(abs(tpot / m.meanTPOTMs - 1) <= 0.15, "\(name): mean TPOT \(tpot) ms vs measured \(m.meanTPOTMs) ms")
    #expect(abs(e2e / m.meanE2EMs - 1) <= 0.25, "\(name): mean E2E \(e2e) ms vs measured \(m.meanE2EMs) ms")
  }
}
