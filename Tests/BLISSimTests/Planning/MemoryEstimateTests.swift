import Foundation
import Testing
@testable import BLISSim

/// The memory model (`MemoryEstimate`), the guard (`MemoryBudget.check`) and the worker count of
/// the planning commands.
@Suite struct MemoryEstimateTests {
  /// A plan of Llama-3.1-8B on H100 TP1×4 with `requests` requests at `load` × its saturation rate.
  private func plan(requests: Int, load: Double, extra: [String: String] = [:]) throws -> RunPlan {
    let probe = try PlanningFixture.llama8B(["num-instances": "4"].merging(extra) { _, new in new })
    let base = try RunPlan.make(probe.settings, files: probe.files, resolver: probe.resolver)
    let rate = load * SaturationEstimate.requestsPerSecond(plan: base)
    let fixture = try PlanningFixture.llama8B(["num-instances": "4", "num-requests": "\(requests)",
                                               "rate": "\(rate)"].merging(extra) { _, new in new })
    return try RunPlan.make(fixture.settings, files: fixture.files, resolver: fixture.resolver)
  }

  @Test func aDeploymentThatKeepsUpNeedsTheSameMemoryForAnyNumberOfRequests() throws {
    let small = MemoryEstimate(plan: try plan(requests: 1_000, load: 0.5))
    let huge = MemoryEstimate(plan: try plan(requests: 1_000_000_000, load: 0.5))
    #expect(small.waitingRequests == 0 && huge.waitingRequests == 0)
    #expect(huge.totalBytes == small.totalBytes)
    #expect(huge.totalBytes < 100 * 1_048_576)
  }

  @Test func anOverloadedDeploymentGrowsByEveryWaitingRequest() throws {
    let million = MemoryEstimate(plan: try plan(requests: 1_000_000, load: 2))
    let tenMillion = MemoryEstimate(plan: try plan(requests: 10_000_000, load: 2))
    // At twice the saturation rate half the arrivals wait (times the safety factor).
    #expect(abs(million.waitingRequests - 1_000_000 * 0.5 * MemoryEstimate.waitingSafetyFactor) < 1)
    #expect(abs((tenMillion.totalBytes - million.totalBytes)
      - 9_000_000 * 0.5 * MemoryEstimate.waitingSafetyFactor * MemoryEstimate.bytesPerWaitingRequest) < 1)
    // Heavier overload, more waiting.
    #expect(MemoryEstimate(plan: try plan(requests: 1_000_000, load: 4)).waitingRequests > million.waitingRequests)
  }

  /// A capacity probe counts the requests it keeps for replay and its search's draws of them,
  /// up to the 200,000 a probe replays.
  @Test func aCapacityProbeCountsItsKeptAndDrawnRequests() throws {
    let keepsUp = try plan(requests: 50_000, load: 0.5)
    let run = MemoryEstimate(plan: keepsUp)
    let probe = MemoryEstimate(plan: keepsUp, capacityProbe: true)
    #expect(run.probeRequestBytes == 0)
    #expect(probe.totalBytes - run.totalBytes == 50_000 * MemoryEstimate.bytesPerProbeRequest)
    #expect(MemoryEstimate.bytesPerProbeRequest >= 2 * Double(MemoryLayout<WorkloadRequest>.stride))
    let huge = MemoryEstimate(plan: try plan(requests: 5_000_000, load: 0.5), capacityProbe: true)
    #expect(huge.probeRequestBytes == Double(ProbeRun.replayedRequestsLimit) * MemoryEstimate.bytesPerProbeRequest)
  }

  @Test func aClosedLoopWaitsForAtMostItsClients() throws {
    let open = MemoryEstimate(plan: try plan(requests: 1_000_000, load: 4))
    let closed = MemoryEstimate(plan: try plan(requests: 1_000_000, load: 4, extra: ["concurrency": "64"]))
    #expect(open.waitingRequests > 100_000)
    #expect(closed.waitingRequests <= 64 * MemoryEstimate.waitingSafetyFactor)
  }

  @Test func engineStateGrowsWithInstancesAndSequences() throws {
    let four = MemoryEstimate(plan: try plan(requests: 1_000, load: 0.5))
    let many = MemoryEstimate(plan: try plan(requests: 1_000, load: 0.5, extra: ["num-instances": "4096", "max-num-seqs": "1024"]))
    #expect(many.instanceBytes > 1000 * four.instanceBytes)
  }

  @Test func anOverloadedHugeRunIsRefusedNamingItsFlagsAndWhatFits() throws {
    let p = try plan(requests: 1_000_000_000, load: 2)
    let small = MemoryBudget(availableBytes: 2 * 1_073_741_824)
    #expect(throws: MemoryShortfall.self) { try small.check(p) }
    do { try small.check(p) } catch {
      let message = error.description
      #expect(message.hasPrefix("--num-requests 1000000000 at --rate "), "\(message)")
      #expect(message.contains("would queue ~750 M requests"), "\(message)")
      #expect(message.contains("on TP1×4, more than the 2.0 GiB available: lower --num-requests (≤ ~"), "\(message)")
      #expect(!message.contains("\n"))
      // What it offers does fit.
      let fitting = try #require(MemoryEstimate(plan: p).requestsFitting(inBytes: 2 * 1_073_741_824))
      try small.check(try plan(requests: Int(fitting), load: 2))
    }
    try MemoryBudget(availableBytes: 1e15).check(p)
    try MemoryBudget.unknown.check(p)
  }

  @Test func tooManyInstancesAreRefusedNamingTheEngineFlags() throws {
    let p = try plan(requests: 1_000, load: 0.5, extra: ["num-instances": "4096", "max-num-seqs": "1024"])
    do {
      try MemoryBudget(availableBytes: 512 * 1_048_576).check(p)
      Issue.record("expected a shortfall")
    } catch {
      #expect(error.description.hasPrefix("--num-instances 4096 with --max-num-seqs 1024 and --total-kv-blocks "), "\(error)")
    }
  }

  @Test func parallelWorkersAreBoundedByMemory() {
    let gib = 1_073_741_824.0
    #expect(MemoryBudget(availableBytes: 10 * gib).workerCount(jobBytes: [gib, 3 * gib, gib], cores: 8) == 3)
    #expect(MemoryBudget(availableBytes: 10 * gib).workerCount(jobBytes: [gib], cores: 2) == 2)
    #expect(MemoryBudget(availableBytes: gib).workerCount(jobBytes: [5 * gib], cores: 8) == 1)
    #expect(MemoryBudget.unknown.workerCount(jobBytes: [5 * gib], cores: 8) == 8)
  }

  @Test func parallelMapRunsAtMostItsWorkersAtOnceAndKeepsTheOrder() {
    let gauge = ConcurrencyGauge()
    let results = ParallelMap.map(Array(0..<24), workers: 2) { i -> Int in
      gauge.enter(); defer { gauge.leave() }
      Thread.sleep(forTimeInterval: 0.002)
      return i * i
    }
    #expect(results == (0..<24).map { $0 * $0 })
    #expect(gauge.peak <= 2)
    let one = ConcurrencyGauge()
    let memory = MemoryBudget(availableBytes: 1_073_741_824)
    _ = ParallelMap.map(Array(0..<8), memory: memory, jobBytes: { _ in 1_000_000_000 }) { i -> Int in
      one.enter(); defer { one.leave() }
      Thread.sleep(forTimeInterval: 0.002)
      return i
    }
    #expect(one.peak == 1)
  }
}

/// The most jobs seen running at once.
private final class ConcurrencyGauge: @unchecked Sendable {
  private let lock = NSLock()
  private var running = 0
  private(set) var peak = 0
  func enter() { lock.lock(); running += 1; peak = max(peak, running); lock.unlock() }
  func leave() { lock.lock(); running -= 1; lock.unlock() }
}

/// A never-run request that keeps its slot in the wait queue costs its slot (state + progress) and
/// 4 queue bytes, twice that with the arrays' growth: the estimate's per-request figure must cover
/// it, or a queue of held requests would outgrow the guard's budget.
@Test func heldWaitingRequestBytesCoverASlot() {
  let slotBytes = MemoryLayout<RequestState>.stride + MemoryLayout<RequestProgress>.stride + MemoryLayout<Int32>.stride
  #expect(Double(2 * slotBytes) <= MemoryEstimate.bytesPerHeldWaitingRequest)
  #expect(MemoryEstimate.bytesPerHeldWaitingRequest < 1.2 * Double(2 * slotBytes))
}
