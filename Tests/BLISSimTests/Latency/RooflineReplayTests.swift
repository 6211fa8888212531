import Foundation
import Testing
@testable import BLISSim

/// Replays every measured graph-mode step of the H100/H200 stepbench files through the roofline
/// (the same `RooflineModel.stepTime` that `blis steptime` calls) and checks MAPE per kind.
@Suite struct RooflineReplayTests {
  static let modelDirs = ["llama-3.1-8b": "llama-3.1-8b-instruct", "qwen2.5-7b": "qwen2.5-7b-instruct"]

  @Test(arguments: [("h100.jsonl", "H100"), ("h200.jsonl", "H200")])
  func mapePerKindWithinTenPercent(file: String, gpu: String) throws {
    let rows = try StepBenchReader.parse(TestData.fixture(file)).filter { $0.mode == "graph" }
    let hw = try TestData.catalog().spec(named: gpu)
    var errors: [StepMeasurement.Kind: [Double]] = [:]
    for row in rows {
      let dir = try #require(Self.modelDirs[row.model], "unknown model \(row.model)")
      let model = RooflineModel(model: try TestData.model(dir), hardware: hw)
      let predicted = Double(model.stepTime(for: row.batch).microseconds)
      errors[row.kind, default: []].append(abs(predicted - row.measuredMicros) / row.measuredMicros)
    }
    var table = "roofline vs \(file) (graph mode)\n  kind     rows   MAPE    max\n"
    for kind in StepMeasurement.Kind.allCases {
      let e = try #require(errors[kind], "no \(kind) rows in \(file)")
      let mape = e.reduce(0, +) / Double(e.count) * 100
      table += "  " + kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        + String(format: " %4d  %5.2f%%  %5.1f%%\n", e.count, mape, (e.max() ?? 0) * 100)
      #expect(mape <= 10, "\(gpu) \(kind) MAPE \(mape)% > 10%")
    }
    print(table)
  }
}
