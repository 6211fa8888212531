import Foundation
import Testing
@testable import BLISSim

@Suite struct HardwareCatalogTests {
  @Test func bundledCatalogHasEveryGPUWithPrices() throws {
    let c = try TestData.catalog()
    for name in ["H100", "H200", "A100-SXM", "A100-80", "L40S", "B200", "MI300X"] {
      let s = try c.spec(named: name)
      #expect(s.tflopsBF16 > 0 && s.bandwidthTBps > 0 && s.memoryGiB > 0 && s.gpuHourUSD > 0, "\(name)")
    }
    #expect(try c.spec(named: "a100-80").name == "A100-SXM")
    #expect(try c.spec(named: "h100").name == "H100")
  }
  @Test func threeNumbersAreEnoughAndKeysAreCaseInsensitive() throws {
    let json = #"{"MyGPU": {"TFLOPSBF16": 100, "bandwidthtbps": 1.5, "MemoryGiB": 24, "color": "red"}}"#
    let s = try HardwareCatalog.parse(data: Data(json.utf8), source: "hw.json").spec(named: "mygpu")
    #expect(s.tflopsBF16 == 100 && s.bandwidthTBps == 1.5 && s.memoryGiB == 24)
    #expect(s == HardwareSpec(name: "MyGPU", tflopsBF16: 100, bandwidthTBps: 1.5, memoryGiB: 24))
  }
  @Test func referenceFieldNamesAreAccepted() throws {
    let json = #"{"X": {"TFlopsPeak": 312, "BwPeakTBs": 2.039, "MemoryGiB": 80}}"#
    #expect(try HardwareCatalog.parse(data: Data(json.utf8), source: "hw.json").spec(named: "x").tflopsBF16 == 312)
  }
  @Test func missingRequiredFieldIsNamed() {
    let json = #"{"X": {"tflopsBF16": 312, "memoryGiB": 80}}"#
    #expect(throws: HardwareConfigError.missingField(source: "hw.json", gpu: "X", field: "bandwidthtbps")) {
      try HardwareCatalog.parse(data: Data(json.utf8), source: "hw.json")
    }
  }
  @Test func badEfficiencyIsRejected() {
    let json = #"{"X": {"tflopsBF16": 312, "bandwidthTBps": 2, "memoryGiB": 80, "gemmEfficiency": 1.5}}"#
    #expect { try HardwareCatalog.parse(data: Data(json.utf8), source: "hw.json") }
      throws: { "\($0)".contains("gemmefficiency") && "\($0)".contains("(0, 1]") }
  }
  @Test func unknownGPUListsKnownOnes() throws {
    let c = try TestData.catalog()
    #expect { try c.spec(named: "V100") } throws: { "\($0)".contains("H100") && "\($0)".contains("V100") }
  }
}
