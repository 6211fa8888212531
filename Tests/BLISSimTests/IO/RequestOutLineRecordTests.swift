import Foundation
import Testing
@testable import BLISSim

@Suite struct RequestOutLineRecordTests {
  @Test func completedRecordCarriesItsLatencies() throws {
    let record = RequestRecord(id: 7, outcome: .completed, instance: 2, arrivalSeconds: 1.234567, schedulingDelayMicros: 10,
                               ttftMicros: 25_000, itlSumMicros: 30_000, itlCount: 4, e2eMicros: 55_000, inputTokens: 100,
                               outputTokens: 5, cachedPromptTokens: 32, preemptions: 1)
    let line = RequestOutLine(record: record)
    #expect(line.jsonLine == #"{"id":"request_7","instance":2,"arrival_s":1.234567,"ttft_s":0.025000,"e2e_s":0.055000,"itl_mean_s":0.007500000,"input_tokens":100,"output_tokens":5,"cached_tokens":32,"preemptions":1,"outcome":"completed"}"#)
  }

  @Test func unfinishedOutcomesHaveNullLatenciesAndNoInstanceWhenNeverRouted() throws {
    let rejected = RequestRecord(id: 3, outcome: .rejectedByAdmission, instance: -1, arrivalSeconds: 0.5,
                                 schedulingDelayMicros: 0, ttftMicros: 0, itlSumMicros: 0, itlCount: 0, e2eMicros: 0,
                                 inputTokens: 9000, outputTokens: 0, cachedPromptTokens: 0, preemptions: 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(RequestOutLine(record: rejected).jsonLine.utf8)) as? [String: Any])
    #expect(object["instance"] is NSNull)
    #expect(object["ttft_s"] is NSNull)
    #expect(object["e2e_s"] is NSNull)
    #expect(object["itl_mean_s"] is NSNull)
    #expect(object["outcome"] as? String == "rejected_by_admission")
    // One output token: no inter-token gap, so no mean ITL, but TTFT and E2E exist.
    let single = RequestRecord(id: 4, outcome: .completed, instance: 0, arrivalSeconds: 0, schedulingDelayMicros: 0,
                               ttftMicros: 900, itlSumMicros: 0, itlCount: 0, e2eMicros: 900, inputTokens: 10,
                               outputTokens: 1, cachedPromptTokens: 0, preemptions: 0)
    #expect(RequestOutLine(record: single).jsonLine.contains(#""ttft_s":0.000900,"e2e_s":0.000900,"itl_mean_s":null"#))
  }
}
