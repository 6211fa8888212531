import Foundation
import Testing
@testable import BLISSim

private func take(_ spec: WorkloadSpec, seed: UInt64 = 1, limit: Int = 1_000_000) -> [WorkloadRequest] {
  var g = WorkloadGenerator(.synthetic(spec), seed: seed)
  var out: [WorkloadRequest] = []
  while out.count < limit, let r = g.next() { out.append(r) }
  return out
}

@Test func constantStagesGiveRateTimesDuration() {
  let spec = WorkloadSpec(arrival: .constant, stages: [WorkloadStage(ratePerSecond: 4, durationSeconds: 10),
                                                       WorkloadStage(ratePerSecond: 0.5, durationSeconds: 20)],
                          promptTokens: .constant(10), outputTokens: .constant(10))
  let rs = take(spec)
  #expect(rs.count == 40 + 10)
  #expect(rs[0].arrival == .zero && rs[1].arrival == SimTime(seconds: 0.25))
  #expect(rs[40].arrival == SimTime(seconds: 10))
  #expect(zip(rs, rs.dropFirst()).allSatisfy { $0.arrival <= $1.arrival })
  #expect(rs.map(\.id) == Array(0..<50))
}

@Test func poissonAndGammaHaveTheRightRateAndBurstiness() {
  for (process, cv) in [(ArrivalProcess.poisson, 1.0), (.gamma(cv: 3), 3.0), (.gamma(cv: 0.5), 0.5)] {
    let rs = take(WorkloadSpec(arrival: process, ratePerSecond: 100, numRequests: 50_000, promptTokens: .constant(1),
                               outputTokens: .constant(1)))
    let gaps = zip(rs, rs.dropFirst()).map { Double(($1.arrival - $0.arrival).microseconds) }
    let mean = gaps.reduce(0, +) / Double(gaps.count)
    let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
    #expect(abs(mean - 10_000) / 10_000 < 0.03, "\(process): mean gap \(mean) µs")
    #expect(abs(sd / mean - cv) / cv < 0.06, "\(process): cv \(sd / mean)")
  }
}

@Test func lengthsFollowTheirDistributionsWithinBounds() {
  let rs = take(WorkloadSpec(ratePerSecond: 10, numRequests: 20_000,
                             promptTokens: .normal(mean: 256, stdev: 100, min: 2, max: 800),
                             outputTokens: .empirical(values: [1, 100], weights: [3, 1])))
  let inputs = rs.map(\.inputTokens)
  #expect(inputs.allSatisfy { (2...800).contains($0) })
  let mean = Double(inputs.reduce(0, +)) / Double(inputs.count)
  #expect(abs(mean - 256) < 4)
  let ones = rs.filter { $0.outputTokens == 1 }.count
  #expect(abs(Double(ones) / Double(rs.count) - 0.75) < 0.02)
}

@Test func sharedPrefixCyclesThroughGroupsAndRepeatsPromptsExactly() {
  let rs = take(WorkloadSpec(ratePerSecond: 10, numRequests: 13, promptTokens: .uniform(min: 5, max: 50),
                             outputTokens: .constant(3), sharedPrefix: SharedPrefix(groups: 2, promptsPerGroup: 3,
                                                                                    prefixTokens: 40)))
  #expect(rs.map(\.prefixGroup) == [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0])
  #expect(rs.allSatisfy { $0.prefixTokens == 40 && $0.inputTokens > 40 })
  #expect(rs[0].promptSeed == rs[6].promptSeed && rs[0].inputTokens == rs[6].inputTokens)
  #expect(Set(rs[0..<6].map(\.promptSeed)).count == 6)
}

@Test func generationIsSeededAndStreamed() {
  let spec = WorkloadPreset.chatbot.spec(ratePerSecond: 5, numRequests: 1_000_000_000)
  let a = take(spec, seed: 9, limit: 100)
  #expect(a == take(spec, seed: 9, limit: 100))  // a billion-request spec costs nothing until drawn
  #expect(a != take(spec, seed: 10, limit: 100))
}

@Test func traceCSVReplaysRowsAndRejectsBadOnes() throws {
  let trace = try TraceWorkload(csv: "arrival_s,prompt_tokens,output_tokens,prefix_group,prefix_tokens\n"
    + "0.0,100,10,1,64\n0.5,80,5,1,64\n\n1.25,30,2,0,0\n")
  #expect(trace.count == 3)
  var g = WorkloadGenerator(.trace(trace), seed: 0)
  let r0 = g.next(), r1 = g.next(), r2 = g.next()
  #expect(g.next() == nil)
  #expect(r1?.arrival == SimTime(microseconds: 500_000) && r1?.inputTokens == 80 && r1?.prefixGroup == 1)
  #expect(r2?.outputTokens == 2 && r0?.prefixTokens == 64)
  let noPrefix = try TraceWorkload(csv: "0,5,5\n1,6,6\n")
  #expect(noPrefix.count == 2)
  for (csv, needle) in [("0,5\n", "line 1"), ("0,5,5\n1,x,5\n", "line 2 prompt_tokens"), ("1,5,5\n0,5,5\n", "line 2 arrival_s"),
                        ("0,5,5,1,9\n", "prefix_tokens"), ("a,b,c\n", "no data rows")] {
    #expect(throws: WorkloadError.self) { try TraceWorkload(csv: csv) }
    do { _ = try TraceWorkload(csv: csv) } catch { #expect("\(error)".contains(needle), "got \(error)") }
  }
}
