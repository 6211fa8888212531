import Testing
@testable import BLISSim

/// Draws made once for a workload (`WorkloadDraws`) give a stream at any rate and request count
/// exactly the requests it would draw itself, and are ignored by a workload they were not made for.
@Suite struct WorkloadDrawsTests {
  static let lengths: [LengthDistribution] = [
    .constant(300), .uniform(min: 5, max: 900), .normal(mean: 400, stdev: 150, min: 20, max: 2_000),
    .lognormal(mean: 600, stdev: 500, min: 1, max: 8_000), .empirical(values: [10, 200, 3_000], weights: [0.5, 0.3, 0.2]),
    .empirical(values: [64, 128], weights: []),
  ]
  static let processes: [ArrivalProcess] = [.poisson, .constant, .gamma(cv: 0.5), .gamma(cv: 3), .gamma(cv: 20)]

  private func requests(_ spec: WorkloadSpec, seed: UInt64, draws: WorkloadDraws? = nil) -> [WorkloadRequest] {
    var generator = WorkloadGenerator(.synthetic(spec), seed: seed, draws: draws)
    return Array(AnyIterator { generator.next() })
  }

  private func spec(_ rng: inout SeededGenerator, rate: Double, count: Int) -> WorkloadSpec {
    let shared = rng.nextUnit() < 0.3
      ? SharedPrefix(groups: rng.nextInt(in: 1...4), promptsPerGroup: rng.nextInt(in: 1...6), prefixTokens: rng.nextInt(in: 16...512)) : nil
    return WorkloadSpec(arrival: Self.processes[rng.nextInt(in: 0...Self.processes.count - 1)], ratePerSecond: rate,
                        numRequests: count, promptTokens: Self.lengths[rng.nextInt(in: 0...Self.lengths.count - 1)],
                        outputTokens: Self.lengths[rng.nextInt(in: 0...Self.lengths.count - 1)], sharedPrefix: shared)
  }

  /// 300 random specs: draws for N requests at one rate; streams at other rates with fewer, as
  /// many and more requests than N equal the streams that draw for themselves.
  @Test func drawnStreamsEqualDrawingStreamsAtAnyRateAndCount() throws {
    var rng = SeededGenerator(seed: 7)
    for trial in 0..<300 {
      let drawn = rng.nextInt(in: 1...400)
      let base = spec(&rng, rate: 10, count: drawn)
      let seed = rng.next()
      let draws = try #require(WorkloadDraws(.synthetic(base), seed: seed, count: drawn))
      for count in [max(1, drawn / 2), drawn, drawn + rng.nextInt(in: 1...300)] {
        var probe = base
        probe.stages = [WorkloadStage(ratePerSecond: 0.5 + rng.nextUnit() * 2_000, durationSeconds: nil)]
        probe.numRequests = count
        #expect(draws.serves(probe, seed: seed))
        let own = requests(probe, seed: seed)
        #expect(own.count == count)
        #expect(requests(probe, seed: seed, draws: draws) == own, "trial \(trial): \(probe) with \(count) of \(drawn) drawn")
      }
    }
  }

  /// Stages of one process (rates and durations differ): the gap draws are still consumed in
  /// order, including the one discarded at each stage boundary.
  @Test func stagedWorkloadsReadTheDrawsInOrder() throws {
    var spec = WorkloadSpec(arrival: .gamma(cv: 2), stages: [
      WorkloadStage(ratePerSecond: 5, durationSeconds: 20), WorkloadStage(ratePerSecond: 40, durationSeconds: 10),
      WorkloadStage(ratePerSecond: 12, durationSeconds: 30),
    ], promptTokens: .lognormal(mean: 500, stdev: 300, min: 1, max: 4_000), outputTokens: .uniform(min: 1, max: 700))
    let draws = try #require(WorkloadDraws(.synthetic(spec), seed: 3, count: 250))
    let own = requests(spec, seed: 3)
    #expect(own.count > 250, "the stages hold more requests than drawn, so the stream must continue past the draws")
    #expect(requests(spec, seed: 3, draws: draws) == own)
    spec.stages[1].ratePerSecond = 90
    #expect(requests(spec, seed: 3, draws: draws) == requests(spec, seed: 3))
  }

  /// Draws of another seed, other lengths, another process or stages of mixed processes do not
  /// serve the workload; a stream given them draws for itself.
  @Test func drawsOfAnotherWorkloadAreIgnored() throws {
    let spec = WorkloadSpec(ratePerSecond: 20, numRequests: 120, promptTokens: .normal(mean: 300, stdev: 90, min: 1, max: 900),
                            outputTokens: .lognormal(mean: 200, stdev: 150, min: 1, max: 2_000))
    let draws = try #require(WorkloadDraws(.synthetic(spec), seed: 11, count: 120))
    var longer = spec
    longer.outputTokens = .lognormal(mean: 250, stdev: 150, min: 1, max: 2_000)
    var gamma = spec
    gamma.arrival = .gamma(cv: 2)
    var mixed = spec
    mixed.stages = [WorkloadStage(ratePerSecond: 20, durationSeconds: 2), WorkloadStage(ratePerSecond: 20, durationSeconds: nil, arrival: .constant)]
    for (other, seed) in [(spec, UInt64(12)), (longer, 11), (gamma, 11), (mixed, 11)] {
      #expect(!draws.serves(other, seed: seed))
      #expect(requests(other, seed: seed, draws: draws) == requests(other, seed: seed))
    }
    #expect(WorkloadDraws(.synthetic(mixed), seed: 11, count: 50) == nil, "mixed processes: gap draws depend on where stages end")
    #expect(requests(spec, seed: 12, draws: draws) != requests(spec, seed: 11), "a different seed is a different workload")
  }

  /// A capacity probe measured with the search's draws is the probe measured without them.
  @Test func probesWithDrawsMeasureTheSame() throws {
    let fixture = try PlanningFixture.llama8B()
    let d = try #require(try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)]).runnable.first)
    let settings = CapacitySearchSettings(minimumRequests: 300, minimumArrivalSeconds: 10)
    let draws = try #require(ProbeDrawsCache().draws(of: d.plan, startRate: 30, settings: settings))
    #expect(draws.requests.count == settings.requests(atRate: 60))
    for rate in [12.0, 30, 75, 140] {
      let plan = try d.plan.probing(rate: rate, requests: settings.requests(atRate: rate))
      let slo = LatencySLO(ttftP99Ms: 500)
      let own = try ProbeMeasurement.measure(plan, slo: slo, minimumKeepUpRatio: 0.95, stopWhenCertain: true)
      let shared = try ProbeMeasurement.measure(plan, slo: slo, minimumKeepUpRatio: 0.95, stopWhenCertain: true, draws: draws)
      #expect(shared == own, "\(rate) req/s")
    }
  }

  /// Searches of one workload share one set of draws (more requests replace it); another seed
  /// gets its own.
  @Test func searchesOfOneWorkloadShareTheDraws() throws {
    let fixture = try PlanningFixture.llama8B()
    let plans = try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 2), GPUSplit(tensorParallelism: 2, instances: 1)])
      .runnable.map(\.plan)
    #expect(plans.count == 2)
    let settings = CapacitySearchSettings(minimumRequests: 300, minimumArrivalSeconds: 10)
    let cache = ProbeDrawsCache()
    let first = try #require(cache.draws(of: plans[0], startRate: 40, settings: settings))
    let second = try #require(cache.draws(of: plans[1], startRate: 20, settings: settings))
    #expect(cache.drawsMade == 1 && second.requests.count == first.requests.count)
    let more = try #require(cache.draws(of: plans[1], startRate: 60, settings: settings))
    #expect(cache.drawsMade == 2 && more.requests.count == settings.requests(atRate: 120))
    guard case .synthetic(var spec) = plans[0].workload else { Issue.record("synthetic workload expected"); return }
    spec.seed = (spec.seed ?? plans[0].engine.seed) &+ 1
    let reseeded = RunPlan(settings: plans[0].settings, deployment: plans[0].deployment, engine: plans[0].engine,
                           workload: .synthetic(spec), warnings: [])
    let other = try #require(cache.draws(of: reseeded, startRate: 40, settings: settings))
    #expect(cache.drawsMade == 3 && other.seed != first.seed)
  }
}
