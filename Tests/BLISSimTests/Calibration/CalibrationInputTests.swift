import Foundation
import Testing
@testable import BLISSim

@Suite struct CalibrationInputTests {
  @Test func csvRowsBecomeSamples() throws {
    let s = try StepCSVReader.parse("# measured\nstep_us,prefill_tokens,decode_tokens,decode_context_sum\n7000,512,0,0\n6300,0,8,4000\n\n9000,256,4,2000\n")
    #expect(s.map(\.kind) == [.prefill, .decode, .mixed])
    #expect(s.map(\.line) == [3, 4, 6])
    #expect(s[1].batch.decodeCount == 8 && s[1].batch.decodeContextTokensSum == 4000 && s[1].measuredMicros == 6300)
    #expect(s[0].batch.prefillTokens == 512 && !s[0].prefillShapeKnown)
  }

  @Test func malformedCSVNamesTheLine() {
    let header = "prefill_tokens,decode_tokens,decode_context_sum,step_us\n"
    let cases: [(String, Int, String)] = [
      ("prefill_tokens,decode_tokens,step_us\n1,2,3\n", 1, "decode_context_sum"),
      (header + "1,0,0,100\n2,x,0,100\n", 3, "decode_tokens = 'x'"),
      (header + "\n1,0,0,-5\n", 3, "step_us = '-5'"),
      (header + "0,0,0,100\n", 2, "both 0"),
      (header + "1,0,0\n", 2, "missing 'step_us'"),
      (header + "0,2,-1,100\n", 2, "decode_context_sum = '-1'"),
      ("", 1, "no header"),
    ]
    for (text, line, fragment) in cases {
      #expect(throws: StepCSVError.self) { try StepCSVReader.parse(text) }
      do { _ = try StepCSVReader.parse(text) } catch {
        #expect(error.line == line, "\(text.debugDescription): line \(error.line)")
        #expect(error.description.contains(fragment) && !error.description.contains("\n"), "\(error.description)")
        #expect(error.description.hasPrefix("steps CSV line \(line):"))
      }
    }
  }

  @Test func malformedJSONLNamesTheLine() throws {
    let good = try TestData.fixture("h100.jsonl").split(separator: "\n").prefix(40).joined(separator: "\n")
    let cases: [(String, Int)] = [
      (good + "\n{\"kind\": \"decode\", \"mode\": \"graph\", \"shapes\": {\"batch\": 1}, \"median_ms\": 1}", 41),
      (good + "\n\n{not json", 42),
      (good + "\n{\"kind\": \"prefill\", \"shapes\": {\"num_seqs\": 1, \"seq_len\": 8}, \"median_ms\": 0}", 41),
    ]
    for (text, line) in cases {
      do {
        _ = try StepBenchSamples.read(text)
        Issue.record("accepted a malformed line \(line)")
      } catch {
        #expect(error.line == line)
        #expect(error.description.hasPrefix("stepbench line \(line):") && !error.description.contains("\n"))
      }
    }
  }

  @Test func jsonlRowsKeepTheirLineNumbers() throws {
    let text = try TestData.fixture("h100.jsonl")
    let rows = try StepBenchSamples.read(text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for r in rows.prefix(20) {
      #expect(lines[r.line - 1].contains("\"kind\": \"\(r.step.kind.rawValue)\""))
    }
  }

  @Test func modelNamesMatchLoosely() {
    #expect(StepBenchSamples.modelMatches(stepBenchModel: "llama-3.1-8b", modelID: "meta-llama/Llama-3.1-8B-Instruct"))
    #expect(StepBenchSamples.modelMatches(stepBenchModel: "qwen2.5-7b", modelID: "qwen/qwen2.5-7b-instruct"))
    #expect(StepBenchSamples.modelMatches(stepBenchModel: "codellama-34b", modelID: "codellama/codellama-34b-instruct-hf"))
    #expect(!StepBenchSamples.modelMatches(stepBenchModel: "llama-3.1-8b", modelID: "meta-llama/llama-3.1-70b-instruct"))
    #expect(!StepBenchSamples.modelMatches(stepBenchModel: "qwen2.5-7b", modelID: "qwen/qwen2.5-72b-instruct"))
    #expect(!StepBenchSamples.modelMatches(stepBenchModel: "-", modelID: "x/-"))
  }
}
