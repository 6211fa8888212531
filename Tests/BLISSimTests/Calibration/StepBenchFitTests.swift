import Foundation
import Testing
@testable import BLISSim

/// The acceptance check of issue 7: on the shared H100/H200 stepbench files the fitted blackbox
/// predicts prefill, decode and mixed steps with MAPE ≤ 10 % per kind.
@Suite struct StepBenchFitTests {
  static func samples(file: String, model: String) throws -> [CalibrationSample] {
    try StepBenchSamples.read(TestData.fixture(file))
      .filter { $0.step.mode == "graph" && StepBenchSamples.modelMatches(stepBenchModel: $0.step.model, modelID: model) }
      .map { CalibrationSample(kind: $0.step.kind, batch: $0.step.batch, prefillShapeKnown: true,
                               measuredMicros: $0.step.measuredMicros, line: $0.line) }
  }

  static let cases: [(String, String)] = [
    ("h100.jsonl", "meta-llama/llama-3.1-8b-instruct"), ("h100.jsonl", "qwen/qwen2.5-7b-instruct"),
    ("h200.jsonl", "meta-llama/llama-3.1-8b-instruct"), ("h200.jsonl", "qwen/qwen2.5-7b-instruct"),
  ]

  @Test(arguments: cases)
  func extendedFormMeetsTenPercentPerKind(file: String, model: String) throws {
    let s = try Self.samples(file: file, model: model)
    #expect(s.count >= 26)
    var table = ""
    for form in BlackboxModelForm.allCases {
      let fit = try BlackboxFitter.fit(s, form: form)
      let cells = fit.report.perKind.map { "\($0.kind.rawValue) \(String(format: "%5.1f", $0.mape * 100)) %" }
      table += "\(file) \(model) \(form.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(cells.joined(separator: "  ")) β=\(fit.beta)\n"
      if form == .extended {
        for k in fit.report.perKind {
          #expect(k.mape <= 0.10, "\(file) \(model) extended: \(k.kind) MAPE \(k.mape)")
        }
      }
    }
    print(table, terminator: "")
  }
}
