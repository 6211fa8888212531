import Foundation
import Testing
@testable import BLISSim

/// The Swift procedure must reproduce what scripts/calibrate_roofline.py (numpy/scipy) printed for the
/// same files — the values committed to hardware_config.json for H100 and H200.
@Suite struct RooflineCalibratorTests {
  @Test(arguments: [
    ("h100.jsonl", "H100", RooflineParameters(gemmEfficiency: 0.68, memoryEfficiency: 0.80, attentionDecodeEfficiency: 0.73,
                                              attentionPrefillEfficiency: 0.42, attentionPrefillHalfTokens: 1140,
                                              layerOverheadMicros: 18.7, stepOverheadMicros: 20)),
    ("h200.jsonl", "H200", RooflineParameters(gemmEfficiency: 0.68, memoryEfficiency: 0.80, attentionDecodeEfficiency: 0.52,
                                              attentionPrefillEfficiency: 0.42, attentionPrefillHalfTokens: 1160,
                                              layerOverheadMicros: 18.4, stepOverheadMicros: 20)),
  ])
  func reproducesThePythonProcedure(file: String, gpu: String, expected: RooflineParameters) throws {
    let spec = try TestData.catalog().spec(named: gpu)
    let result = try RooflineCalibrator.calibrate(text: TestData.fixture(file), gpuMatches: { $0.contains(gpu) }, hardware: spec)
    #expect(result.parameters == expected)
    for k in result.perKind { #expect(k.mape < 0.06, "\(file) \(k.kind) roofline MAPE \(k.mape)") }
  }

  @Test func otherGPUsRowsAreIgnored() throws {
    let spec = try TestData.catalog().spec(named: "H100")
    #expect(throws: CalibrationError.self) {
      try RooflineCalibrator.calibrate(text: TestData.fixture("h200.jsonl"), gpuMatches: { $0.contains("H100") }, hardware: spec)
    }
  }
}
