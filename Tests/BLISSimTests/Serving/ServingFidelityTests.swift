import Foundation
import Testing
@testable import BLISSim

/// End-to-end effects of the serving stack that the GPU model alone gets wrong.
@Suite struct ServingFidelityTests {
  /// A burst of `count` identical requests at t = 0.
  private static func burst(_ count: Int, prompt: Int, output: Int) throws -> Workload {
    .trace(try TraceWorkload(csv: (0..<count).map { _ in "0,\(prompt),\(output)" }.joined(separator: "\n")))
  }

  /// Mean TPOT (ms) of Llama-3.1-8B on H100 at `tp`, 256 requests decoding together.
  private static func meanTPOTMs(tp: Int, profile: String) throws -> Double {
    let fixture = try PlanningFixture.llama8B(["tp": "\(tp)", "serving-profile": profile])
    let plan = try RunPlan.make(fixture.settings, kind: .roofline, files: fixture.files, resolver: fixture.resolver)
    var sim = try Simulation(configuration: plan.engine, latencyModel: plan.deployment.stepTime.model,
                             workload: try burst(256, prompt: 128, output: 200))
    return sim.run().cluster.tpot.meanMs
  }

  @Test func hostCPUPerRunningRequestMakesTensorParallelScalingSaturate() throws {
    // GPU only, TP8 is much faster per token than TP4; with the serving stack the host side (which
    // does not shrink with TP) takes over and TP8 gains little.
    let gpuOnly = try Self.meanTPOTMs(tp: 8, profile: "gpu-only") / Self.meanTPOTMs(tp: 4, profile: "gpu-only")
    let served = try Self.meanTPOTMs(tp: 8, profile: "vllm-0.14") / Self.meanTPOTMs(tp: 4, profile: "vllm-0.14")
    #expect(gpuOnly < 0.8, "GPU-only TP8/TP4 TPOT ratio \(gpuOnly)")
    #expect(served > gpuOnly + 0.15, "with vllm-0.14 the TP8/TP4 TPOT ratio is \(served), GPU-only \(gpuOnly)")
  }

  @Test func asyncSchedulingAddsAboutAStepToTTFTAndHidesHostCPU() throws {
    func cluster(_ profile: String) throws -> MetricsSummary {
      let fixture = try PlanningFixture.llama8B(["serving-profile": profile, "rate": "8", "num-requests": "400"])
      let plan = try RunPlan.make(fixture.settings, kind: .roofline, files: fixture.files, resolver: fixture.resolver)
      var sim = try plan.makeSimulation()
      return sim.run().cluster
    }
    let sync = try cluster("vllm-v1-sync"), async = try cluster("vllm-0.14")
    // Same engine core: async overlaps its host CPU with the GPU (faster tokens) but admits a new
    // request one step later (slower first token).
    #expect(async.itl.meanMs < sync.itl.meanMs)
    #expect(async.ttft.p50Ms > sync.ttft.p50Ms + 0.5 * async.itl.p50Ms)
  }
}
