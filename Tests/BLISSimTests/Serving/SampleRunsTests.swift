import Foundation
import Testing
@testable import BLISSim

/// The four public vLLM 0.6.0 runs (Mistral-7B, H100, TP1/TP8, bursts of 40/320), replayed with the
/// `vllm-0.6` profile and the servers' flags: mean TPOT within 15 % and mean E2E within 25 % of the
/// measurements, with benchmark_serving's definitions (TPOT over requests with more than one output
/// token; E2E over all), as `blis validate` computes them.
@Suite struct SampleRunsTests {
  /// The servers' flags (examples/vllm-bench/README.md) at tensor parallelism `tp`.
  static func plan(tp: Int) throws -> RunPlan {
    let fixture = try PlanningFixture([
      "model": "mistralai/mistral-7b-instruct-v0.3", "hardware": "H100", "tp": "\(tp)",
      "latency-model": "roofline", "serving-profile": "vllm-0.6", "num-scheduler-steps": "10",
      "enable-chunked-prefill": "false", "max-model-len": "2048", "max-num-seqs": "256",
      "gpu-memory-utilization": "0.95", "enable-prefix-caching": "false",
    ])
    return try RunPlan.make(fixture.settings, kind: .roofline, files: fixture.files, resolver: fixture.resolver)
  }

  @Test(arguments: [("Mistral-7B-Instruct-v0.3_tp1_n40", 1), ("Mistral-7B-Instruct-v0.3_tp1_n320", 1),
                    ("Mistral-7B-Instruct-v0.3_tp8_n40", 8), ("Mistral-7B-Instruct-v0.3_tp8_n320", 8)])
  func sampleRunIsReproduced(name: String, tp: Int) throws {
    let result = try BenchmarkResultReaderTests.sample(name)
    let replay = try BenchmarkReplay.make(result, seed: 42)
    let v = try BenchmarkValidator.validate(result, replay: replay, plan: try Self.plan(tp: tp))
    #expect(v.simulatedCompleted == v.requests)
    let tpot = try #require(v.comparison(.meanTPOT)?.signedErrorPercent)
    let e2e = try #require(v.comparison(.meanE2E)?.signedErrorPercent)
    #expect(abs(tpot) <= 15, "\(name): mean TPOT error \(tpot) %")
    #expect(abs(e2e) <= 25, "\(name): mean E2E error \(e2e) %")
  }
}
