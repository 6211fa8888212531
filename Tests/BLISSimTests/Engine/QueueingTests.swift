import Testing
@testable import BLISSim

/// One instance, batch size 1, one output token per request (it completes in its prefill step),
/// constant step time D and Poisson arrivals: an M/D/1 queue. Mean wait (arrival → start of
/// service, our scheduling delay) must be ρ / (2μ(1 − ρ)).
@Test(arguments: [0.3, 0.6])
func singleInstanceBatchOneMatchesMD1(utilization rho: Double) throws {
  let stepMicros: Int64 = 10_000
  let mu = 1e6 / Double(stepMicros)  // services per second
  var waitSum = 0.0
  var count = 0
  for seed in UInt64(1)...4 {
    let c = EngineConfiguration(instances: 1, maxNumSeqs: 1, totalKVBlocksPerInstance: 1_000,
                                enablePrefixCaching: false, seed: seed)
    let spec = WorkloadSpec(ratePerSecond: rho * mu, numRequests: 60_000, promptTokens: .constant(16),
                            outputTokens: .constant(1))
    var sim = try Simulation(configuration: c, latencyModel: ConstantStepModel(stepMicros: stepMicros), workload: spec)
    let report = sim.run()
    waitSum += report.cluster.schedulingDelay.meanMs * Double(report.cluster.schedulingDelay.count)
    count += report.cluster.schedulingDelay.count
  }
  let measuredMs = waitSum / Double(count)
  let expectedMs = rho / (2 * mu * (1 - rho)) * 1e3
  #expect(abs(measuredMs - expectedMs) / expectedMs < 0.03, "ρ=\(rho): mean wait \(measuredMs) ms, M/D/1 \(expectedMs) ms")
}
