import Testing
@testable import BLISSim

/// Physical sanity of capacity planning for Llama-3.1-8B on H100s with the roofline model.
/// Probes are small (`quickSearch`) so the suite stays fast in debug builds; the searches over
/// all four 8-GPU splits are the heaviest and say so in their names.
@Suite struct PhysicalSanityTests {
  static let eightGPUSplits = SplitGrid.splits(gpus: 8)

  /// At low load each request decodes almost alone: the widest tensor-parallel group has the
  /// fastest steps, so TP8×1 has the lowest ITL of the 8-GPU splits.
  @Test func tp8HasTheLowestLowLoadITL() throws {
    let fixture = try PlanningFixture.llama8B(["num-requests": "40", "rate": "0.5"])
    let deployments = try fixture.deployments(Self.eightGPUSplits)
    let points = try SweepPlanner.run(deployments.runnable, rates: [0.5], files: fixture.files, resolver: fixture.resolver)
    let itl = Dictionary(uniqueKeysWithValues: points.map { ($0.split.tensorParallelism, $0.report.cluster.itl.p50Ms) })
    let tp8 = try #require(itl[8])
    for (tp, value) in itl where tp != 8 {
      #expect(tp8 < value, "TP8 ITL p50 \(tp8) ms is not below TP\(tp)'s \(value) ms")
    }
    // And ITL falls monotonically with TP.
    #expect(itl[1]! > itl[2]! && itl[2]! > itl[4]! && itl[4]! > tp8, "ITL p50 by TP: \(itl.sorted { $0.key < $1.key })")
  }

  /// Throughput is bought with replicas: without latency limits (keep-up only), eight TP1
  /// replicas sustain the highest rate, since tensor parallelism adds all-reduce time and
  /// shrinks each GPU's GEMMs.
  @Test func heavyEightReplicasOfTP1HaveTheHighestMaximumThroughput() throws {
    let fixture = try PlanningFixture.llama8B()
    let deployments = try fixture.deployments(Self.eightGPUSplits)
    let results = try CapacityPlanner.run(deployments.runnable, slo: LatencySLO(), settings: quickSearch)
    let rates = results.map { ($0.split.description, $0.maxRateRequestsPerSecond ?? 0) }
    let tp1 = try #require(rates.first { $0.0 == "TP1×8" }?.1)
    for (split, rate) in rates where split != "TP1×8" {
      #expect(tp1 > rate, "TP1×8 max \(tp1) req/s is not above \(split)'s \(rate)")
    }
    #expect(CapacityPlanner.best(results).map { results[$0].split } == GPUSplit(tensorParallelism: 1, instances: 8))
  }

  /// More replicas of the same instance serve more: capacity under an ITL SLO rises with GPUs.
  @Test func capacityGrowsWithTheNumberOfGPUs() throws {
    let fixture = try PlanningFixture.llama8B()
    let splits = [1, 2, 4].map { GPUSplit(tensorParallelism: 1, instances: $0) }
    let results = try CapacityPlanner.run(try fixture.deployments(splits).runnable, slo: LatencySLO(itlP99Ms: 40),
                                          settings: quickSearch)
    let rates = results.map { $0.maxRateRequestsPerSecond ?? 0 }
    #expect(rates[0] > 0)
    #expect(rates[1] > rates[0] * 1.5 && rates[2] > rates[1] * 1.5, "capacities for 1, 2, 4 GPUs: \(rates)")
  }

  /// Tightening an SLO can only remove passing rates, so capacity never rises.
  @Test func tighterSLOsNeverRaiseCapacity() throws {
    let fixture = try PlanningFixture.llama8B()
    let d = try fixture.deployments([GPUSplit(tensorParallelism: 1, instances: 1)]).runnable[0]
    var previous = Double.infinity
    for itl in [200.0, 40, 25, 15, 12] {
      let result = try CapacityPlanner.capacity(of: d, slo: LatencySLO(itlP99Ms: itl), settings: quickSearch)
      let rate = result.maxRateRequestsPerSecond ?? 0
      #expect(rate <= previous, "ITL p99 ≤ \(itl) ms gives \(rate) req/s, above the looser SLO's \(previous)")
      previous = rate
    }
    var previousTTFT = Double.infinity
    for ttft in [2_000.0, 300, 120] {
      let rate = try CapacityPlanner.capacity(of: d, slo: LatencySLO(ttftP99Ms: ttft), settings: quickSearch)
        .maxRateRequestsPerSecond ?? 0
      #expect(rate <= previousTTFT, "TTFT p99 ≤ \(ttft) ms gives \(rate) req/s, above the looser SLO's \(previousTTFT)")
      previousTTFT = rate
    }
  }

  /// The same search twice gives the same answer, probe for probe.
  @Test func capacitySearchIsDeterministic() throws {
    let fixture = try PlanningFixture.llama8B()
    let d = try fixture.deployments([GPUSplit(tensorParallelism: 2, instances: 1)]).runnable[0]
    let a = try CapacityPlanner.capacity(of: d, slo: LatencySLO(ttftP99Ms: 300, itlP99Ms: 30), settings: quickSearch)
    let b = try CapacityPlanner.capacity(of: d, slo: LatencySLO(ttftP99Ms: 300, itlP99Ms: 30), settings: quickSearch)
    #expect(a.probes == b.probes)
    #expect(a.atMaxRate == b.atMaxRate)
  }
}
