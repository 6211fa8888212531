import Foundation
import Testing
@testable import BLISSim

private func sample(_ index: Int, outcome: String = "completed") -> RequestOutLine {
  RequestOutLine(id: "request_\(index)", instance: index % 3, arrival: SimTime(microseconds: Int64(index) * 10_001),
                 timeToFirstToken: SimDuration(microseconds: 25_000 + Int64(index)), endToEnd: SimDuration(microseconds: 1_250_000),
                 meanInterTokenLatencyMicros: 8_123.4567, inputTokens: 512, outputTokens: 128, cachedTokens: 64,
                 preemptions: index % 2, outcome: outcome)
}

@Suite struct RequestsOutWriterTests {
  @Test func lineIsJSONWithEveryKeyInOrderAndExactSeconds() throws {
    let line = sample(3).jsonLine
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(object.count == 11)
    #expect(object["id"] as? String == "request_3")
    #expect(object["instance"] as? Int == 0)
    #expect(object["arrival_s"] as? Double == 0.030003)
    #expect(object["ttft_s"] as? Double == 0.025003)
    #expect(object["e2e_s"] as? Double == 1.25)
    #expect(object["itl_mean_s"] as? Double == 0.008123457)
    #expect(object["preemptions"] as? Int == 1)
    let keys = ["id", "instance", "arrival_s", "ttft_s", "e2e_s", "itl_mean_s", "input_tokens", "output_tokens",
                "cached_tokens", "preemptions", "outcome"]
    let positions = keys.map { line.range(of: "\"\($0)\":")?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil })
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
  }

  @Test func missingMeasurementsAreNullAndStringsAreEscaped() throws {
    let line = RequestOutLine(id: "a\"b\\c\n\u{1}", instance: nil, arrival: .zero, timeToFirstToken: nil, endToEnd: nil,
                              meanInterTokenLatencyMicros: .nan, inputTokens: 1, outputTokens: 0, cachedTokens: 0,
                              preemptions: 0, outcome: "rejected").jsonLine
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(object["id"] as? String == "a\"b\\c\n\u{1}")
    for key in ["instance", "ttft_s", "e2e_s", "itl_mean_s"] { #expect(object[key] is NSNull, "\(key) should be null") }
    #expect(line.contains("\"arrival_s\":0.000000"))
  }

  @Test(arguments: [(Int64(0), "0.000000"), (1, "0.000001"), (1_500, "0.001500"), (12_345_678_901, "12345.678901"), (-2_000_001, "-2.000001")])
  func secondsAreExact(micros: Int64, expected: String) {
    #expect(RequestOutLine.seconds(micros) == expected)
  }

  @Test func lineCountMatchesAndFailureLeavesNoFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-reqs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let target = folder.appendingPathComponent("requests.jsonl")

    let writer = try RequestsOutWriter(destination: target)
    for index in 0..<1000 { try writer.append(sample(index)) }
    #expect(writer.linesWritten == 1000)
    try writer.commit()
    let text = try String(contentsOf: target, encoding: .utf8)
    #expect(text.split(separator: "\n").count == 1000)
    #expect(text.hasSuffix("\n"))

    let other = folder.appendingPathComponent("failed.jsonl")
    let failing = try RequestsOutWriter(destination: other)
    try failing.append(sample(0))
    failing.discard()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["requests.jsonl"])
  }
}
