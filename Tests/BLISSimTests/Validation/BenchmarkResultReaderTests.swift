import Foundation
import Testing
@testable import BLISSim

/// The result-file reader: the four public sample files, both latency namings, the rate forms, and
/// malformed files (each a one-line error naming the file and the field or line).
@Suite struct BenchmarkResultReaderTests {
  static let samples = ["Mistral-7B-Instruct-v0.3_tp1_n40", "Mistral-7B-Instruct-v0.3_tp1_n320",
                        "Mistral-7B-Instruct-v0.3_tp8_n40", "Mistral-7B-Instruct-v0.3_tp8_n320"]

  static func sample(_ name: String) throws -> BenchmarkResult {
    try BenchmarkResult(json: Data(try TestData.fixture("vllm-bench/\(name).json").utf8), source: "\(name).json")
  }

  static func read(_ json: String) throws(BenchmarkResultError) -> BenchmarkResult {
    try BenchmarkResult(json: Data(json.utf8), source: "run.json")
  }

  static func error(_ json: String) -> String {
    do { _ = try read(json); return "" } catch { return error.description }
  }

  @Test(arguments: samples)
  func readsSampleFile(name: String) throws {
    let r = try Self.sample(name)
    let n = name.hasSuffix("n40") ? 40 : 320
    #expect(r.modelID == "mistralai/Mistral-7B-Instruct-v0.3")
    #expect(r.requestRate == .unbounded && r.burstiness == 1 && r.maxConcurrency == nil)
    #expect(r.numPrompts == n && r.requestCount == n && r.completed == n)
    #expect(r.inputLens?.count == n && r.outputLens?.count == n && r.ttftsSeconds?.count == n && r.itlsSeconds == nil)
    #expect(r.outputLens?.reduce(0, +) == r.totalOutputTokens)
    // The old `latency` naming lands on the E2E metrics; every summary value is read.
    #expect(r.reported.count == BenchmarkMetric.allCases.count)
    #expect(r.reported[.meanE2E] != nil && r.reported[.meanE2E]! > r.reported[.meanTTFT]!)
  }

  @Test func readsTheSampleValuesExactly() throws {
    let r = try Self.sample("Mistral-7B-Instruct-v0.3_tp1_n40")
    #expect(r.reported[.meanTPOT] == 10.709882237996647)
    #expect(r.reported[.meanE2E] == 2040.697664649997)
    #expect(r.reported[.outputThroughput] == 1275.4550429789622)
    #expect(r.durationSeconds == 7.0657135660003405)
    #expect(r.inputLens?.prefix(3) == [14, 30, 28])
  }

  @Test func newerE2ELatencyNaming() throws {
    let r = try Self.read(#"{"request_rate": 2.5, "burstiness": 0.5, "max_concurrency": 8, "mean_e2el_ms": 812.5, "p99_e2el_ms": 1500, "median_latency_ms": 700}"#)
    #expect(r.reported[.meanE2E] == 812.5 && r.reported[.p99E2E] == 1500 && r.reported[.medianE2E] == 700)
    #expect(r.requestRate == .perSecond(2.5) && r.burstiness == 0.5 && r.maxConcurrency == 8)
  }

  @Test func rateIsANumberOrInf() throws {
    #expect(try Self.read(#"{"request_rate": "inf"}"#).requestRate == .unbounded)
    #expect(try Self.read(#"{"request_rate": 4}"#).requestRate == .perSecond(4))
    #expect(try Self.read(#"{"request_rate": 4, "max_concurrency": null, "burstiness": null}"#).maxConcurrency == nil)
    #expect(Self.error(#"{"request_rate": "fast"}"#).contains("request_rate = \"fast\""))
    #expect(Self.error(#"{"request_rate": 0}"#).contains("request_rate = 0"))
    #expect(Self.error(#"{"request_rate": true}"#).contains("request_rate = true"))
    #expect(Self.error(#"{"num_prompts": 3}"#) == "run.json: missing field request_rate: a number of requests per second or \"inf\" (benchmark_serving always writes it)")
  }

  @Test func truncatedJSONNamesTheLine() {
    let message = Self.error("{\n  \"request_rate\": \"inf\",\n  \"input_lens\": [1, 2")
    #expect(message == "run.json: not valid JSON: line 3: the file ends early (truncated?)")
    let bad = Self.error("{\n  \"request_rate\": \"inf\",\n  \"input_lens\": [1, x]\n}")
    #expect(bad.hasPrefix("run.json: not valid JSON: line 3, column"), "\(bad)")
    #expect(Self.error("[1, 2]").contains("the top level is a list, not an object"))
    #expect(Self.error("").hasPrefix("run.json: not valid JSON"))
  }

  @Test func wrongTypesNameTheField() {
    #expect(Self.error(#"{"request_rate": "inf", "input_lens": "12,13"}"#).contains("field input_lens = \"12,13\" is invalid"))
    #expect(Self.error(#"{"request_rate": "inf", "input_lens": [12, 13.5]}"#).contains("field input_lens[1] = 13.5 is invalid (allowed: an integer ≥ 1)"))
    #expect(Self.error(#"{"request_rate": "inf", "output_lens": [3, -1]}"#).contains("output_lens[1] = -1"))
    #expect(Self.error(#"{"request_rate": "inf", "itls": [[0.1], 0.2]}"#).contains("itls[1] = 0.2"))
    #expect(Self.error(#"{"request_rate": "inf", "mean_ttft_ms": "12"}"#).contains("mean_ttft_ms = \"12\""))
    #expect(Self.error(#"{"request_rate": "inf", "max_concurrency": 0}"#).contains("max_concurrency = 0"))
    #expect(Self.error(#"{"request_rate": "inf", "model_id": 7}"#).contains("model_id = 7 is invalid (allowed: a string)"))
  }

  @Test func perRequestArraysMustAgree() {
    #expect(Self.error(#"{"request_rate": "inf", "input_lens": [1, 2], "output_lens": [3]}"#)
      == "run.json: field output_lens has 1 entries but input_lens has 2 (one per request)")
    #expect(Self.error(#"{"request_rate": "inf", "num_prompts": 3, "input_lens": [1, 2]}"#).contains("num_prompts is 3"))
    #expect(Self.error(#"{"request_rate": "inf", "input_lens": []}"#).contains("input_lens = []"))
  }

  @Test func missingFileIsNamed() {
    #expect(throws: BenchmarkResultError(file: "/nonexistent/run.json", message: "no such file (expected a vLLM benchmark result JSON)")) {
      try BenchmarkResult.load(path: "/nonexistent/run.json")
    }
  }

  @Test func measuredValuesFallBackToTheArrays() throws {
    // TTFT summary absent: computed from `ttfts` like np.mean / np.percentile; ITL from `itls` pooled.
    let r = try Self.read(#"{"request_rate": "inf", "ttfts": [0.1, 0, 0.2, 0.3], "itls": [[0.01, 0.03], [], [], [0.02]], "duration": 2, "output_lens": [3, 0, 1, 2]}"#)
    let (values, notes) = r.measured()
    #expect(abs(values[.meanTTFT]! - 150) < 1e-9 && abs(values[.medianTTFT]! - 150) < 1e-9)
    #expect(abs(values[.p99TTFT]! - 297) < 1e-9)
    #expect(abs(values[.meanITL]! - 20) < 1e-9 && abs(values[.medianITL]! - 20) < 1e-9)
    #expect(values[.outputThroughput] == 3)
    #expect(values[.meanTPOT] == nil)
    #expect(notes.count == 3)
  }
}
