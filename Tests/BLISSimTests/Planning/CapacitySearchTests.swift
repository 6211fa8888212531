import Foundation
import Testing
@testable import BLISSim

@Suite struct CapacitySearchTests {
  /// A monotone probe with a known threshold: the search must bracket it within the resolution,
  /// from any starting rate.
  @Test(arguments: [0.3, 5.0, 137.0, 137.3, 138.0, 4_000.0])
  func findsKnownThreshold(start: Double) {
    let threshold = 137.3
    let settings = CapacitySearchSettings(rateResolution: 0.02)
    let result = CapacitySearch(settings: settings).run(startRate: start) { rate in (rate <= threshold, ()) }
    let lo = try! #require(result.highestPassing?.rate)
    let hi = try! #require(result.lowestFailing?.rate)
    #expect(lo <= threshold && hi > threshold, "start \(start): bracket [\(lo), \(hi)] misses \(threshold)")
    #expect((hi - lo) / hi <= settings.rateResolution, "start \(start): bracket not converged")
    #expect(lo >= threshold * (1 - settings.rateResolution), "start \(start): capacity \(lo) too low")
    #expect(result.probes.count <= 20, "start \(start): \(result.probes.count) probes")
  }

  /// Driving the bracket one probe at a time (as a UI would) visits the same rates as `run`.
  @Test func steppingTheBracketMatchesRun() {
    let settings = CapacitySearchSettings()
    let passes = { (rate: Double) in rate <= 42.5 }
    let run = CapacitySearch(settings: settings).run(startRate: 7) { (passes($0), ()) }
    var bracket = CapacityBracket(settings: settings, startRate: 7)
    var rates: [Double] = []
    while let rate = bracket.nextRate {
      rates.append(rate)
      bracket.record(rate: rate, passed: passes(rate))
    }
    #expect(rates == run.probes.map(\.rate))
    #expect(bracket.highestPassingRate == run.highestPassing?.rate)
    #expect(bracket.isFinished && bracket.probeCount == rates.count)
  }

  @Test func nothingPassesGivesNoCapacity() {
    let settings = CapacitySearchSettings(minimumRate: 0.5)
    let result = CapacitySearch(settings: settings).run(startRate: 10) { _ in (false, ()) }
    #expect(result.highestPassing == nil)
    #expect(result.probes.allSatisfy { $0.rate >= 0.5 })
  }

  @Test func everythingPassesStopsAtMaximumRate() {
    let settings = CapacitySearchSettings(maximumRate: 1_000)
    let result = CapacitySearch(settings: settings).run(startRate: 10) { _ in (true, ()) }
    #expect(result.highestPassing?.rate == 1_000)
    #expect(result.lowestFailing == nil)
  }

  @Test func probeSizeCoversTheArrivalWindow() {
    let s = CapacitySearchSettings(minimumRequests: 1_000, minimumArrivalSeconds: 60)
    #expect(s.requests(atRate: 1) == 1_000)
    #expect(s.requests(atRate: 100) == 6_000)
    #expect(s.requests(atRate: 100.01) == 6_001)
    let capped = CapacitySearchSettings(minimumRequests: 1_000, minimumArrivalSeconds: 60, maximumRequests: 20_000)
    #expect(capped.requests(atRate: 100) == 6_000)
    #expect(capped.requests(atRate: 1_000) == 20_000)
    #expect(capped.requests(atRate: 1e9) == 20_000)
    do {
      _ = try CapacitySearchSettings(maximumRequests: 0).validated()
      Issue.record("accepted a cap of 0 requests")
    } catch {
      #expect(error.description.contains("--max-probe-requests '0'"))
    }
  }

  @Test func badSettingsNameTheFlag() {
    #expect(throws: PlanningError.self) { try CapacitySearchSettings(rateResolution: 0).validated() }
    do {
      _ = try CapacitySearchSettings(minimumRequests: 0).validated()
      Issue.record("accepted 0 requests")
    } catch {
      #expect(error.description.contains("--probe-requests"))
    }
  }

  /// A deployment with a derivable service rate: one instance, every step `stepMicros` (affine
  /// model with no per-token cost, no CPU overheads), constant arrivals.
  static func affineDeployment(maxNumSeqs: Int, outputTokens: Int, stepMicros: Double = 10_000) throws
    -> PlanningDeployments.Deployment {
    let fixture = try PlanningFixture(["model": "meta-llama/llama-3.1-8b-instruct", "latency-model": "roofline"])
    let base = try RunPlan.make(fixture.settings, files: fixture.files, resolver: fixture.resolver)
    let model = AffineLatencyModel(baseMicros: stepMicros, perPrefillTokenMicros: 0, perDecodeMicros: 0,
                                   perDecodeContextTokenMicros: 0)
    let deployment = ResolvedDeployment(
      settings: base.settings, hardware: base.deployment.hardware, servingProfile: .gpuOnly, servingStack: .gpuOnly,
      modelConfig: nil, stepTime: StepTimeModel(kind: .roofline, model: model, source: .rooflineEntry(gpu: base.deployment.hardware.name)),
      kvBlocksPerInstance: 100_000, provenance: base.deployment.provenance, warnings: [])
    let engine = EngineConfiguration(instances: 1, maxNumSeqs: maxNumSeqs, totalKVBlocksPerInstance: 100_000)
    let workload = Workload.synthetic(WorkloadSpec(seed: 1, arrival: .constant, ratePerSecond: 1, numRequests: 10,
                                                   promptTokens: .constant(32), outputTokens: .constant(outputTokens)))
    let plan = RunPlan(settings: base.settings, deployment: deployment, engine: engine, workload: workload, warnings: [])
    return PlanningDeployments.Deployment(split: GPUSplit(tensorParallelism: 1, instances: 1), kind: .roofline, plan: plan)
  }

  /// Batches of one request with one output token, 10 ms per step: exactly 100 req/s. Below
  /// that TTFT is one step; above it the queue grows. The search must land in [98, 100] req/s.
  @Test func findsTheServiceRateOfAnAffineModel() throws {
    let d = try Self.affineDeployment(maxNumSeqs: 1, outputTokens: 1)
    let settings = CapacitySearchSettings(rateResolution: 0.02, minimumRequests: 500, minimumArrivalSeconds: 5)
    let result = try CapacityPlanner.capacity(of: d, slo: LatencySLO(ttftP99Ms: 15), settings: settings)
    let rate = try #require(result.maxRateRequestsPerSecond)
    #expect(rate >= 98 && rate <= 100, "capacity \(rate) req/s, expected within 2 % below 100")
    let at = try #require(result.atMaxRate)
    #expect(at.report.cluster.ttft.p99Ms <= 15)
    #expect(abs(at.throughputRequestsPerSecond - rate) / rate < 0.05)
  }

  /// Overload with a loose SLO: latencies stay within a 10 s TTFT limit in a short run, but the
  /// queue grows, so the keep-up check must fail the probe (and pass it below the service rate).
  @Test func keepUpCheckCatchesOverloadThatTheSLOMisses() throws {
    let d = try Self.affineDeployment(maxNumSeqs: 1, outputTokens: 1)
    let slo = LatencySLO(ttftP99Ms: 10_000)
    let over = try ProbeMeasurement.measure(try d.plan.probing(rate: 130, requests: 600), slo: slo, minimumKeepUpRatio: 0.95)
    #expect(over.report.cluster.ttft.p99Ms < 10_000)
    #expect(!over.passed)
    #expect(over.keepUpRatio < 0.85, "keep-up \(over.keepUpRatio) at 1.3× the service rate")
    #expect(abs(over.throughputRequestsPerSecond - 100) < 5, "served \(over.throughputRequestsPerSecond) req/s")
    let under = try ProbeMeasurement.measure(try d.plan.probing(rate: 90, requests: 600), slo: slo, minimumKeepUpRatio: 0.95)
    #expect(under.passed, "\(under.failures)")
  }

  /// A stable system whose generations outlast the measurement window (2,000 tokens × 10 ms =
  /// 20 s each, window 5 s) still keeps up: requests are counted when they start.
  @Test func longGenerationsDoNotBiasTheKeepUpCheck() throws {
    let d = try Self.affineDeployment(maxNumSeqs: 512, outputTokens: 2_000)
    let m = try ProbeMeasurement.measure(try d.plan.probing(rate: 10, requests: 100), slo: LatencySLO(),
                                         minimumKeepUpRatio: 0.95)
    #expect(m.report.cluster.e2e.p50Ms > 10_000)
    #expect(m.keepUpRatio >= 0.99, "keep-up \(m.keepUpRatio)")
    #expect(m.passed, "\(m.failures)")
  }
}
