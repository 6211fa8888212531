import Foundation
import Testing
@testable import BLISSim

/// Writing a calibrated profile into serving_profiles.yaml: other lines byte-for-byte, reads back
/// exactly, replaces in place, refuses what it cannot edit, and fails without touching the file.
@Suite struct ServingProfileFileEditorTests {
  static func shipped() throws -> String {
    try String(contentsOf: TestData.repoRoot.appendingPathComponent("serving_profiles.yaml"), encoding: .utf8)
  }

  static var calibrated: ServingProfile {
    var p = ServingProfile.gpuOnly
    p.name = "my-stack"
    p.summary = "vllm-0.6 calibrated to 4 results"
    p.source = "blis calibrate serving: \"quoted\" and a back\\slash"
    p.hostCPU.stepMicros = 405.6
    p.frontEnd.apiIngressMicros = 4172
    p.engineDefaults.largeGPU = .init()
    return p
  }

  @Test func insertsAfterTheLastProfileKeepingEveryOtherLine() throws {
    let old = try Self.shipped()
    let (text, placement) = try ServingProfileFileEditor.upsert(Self.calibrated.yamlEntry(comments: ["host_cpu.step_us": "fitted"]),
                                                                named: "my-stack", into: old, source: "s.yaml")
    let a = old.components(separatedBy: "\n"), b = text.components(separatedBy: "\n")
    guard case .inserted(let line) = placement else { Issue.record("\(placement)"); return }
    // The new text is the old one with the entry (and a blank line before it) inserted.
    let inserted = b.count - a.count
    #expect(Array(b[..<(line - 2)]) == Array(a[..<(line - 2)]))
    #expect(Array(b[(line - 2 + inserted)...]) == Array(a[(line - 2)...]))
    #expect(b[line - 1] == "  my-stack:")
    #expect(text.contains("      step_us: 405.6  # fitted"))
    let catalog = try ServingProfileCatalog.parse(text, source: "s.yaml")
    #expect(try catalog.profile(named: "my-stack") == Self.calibrated)
    #expect(catalog.names == (try ServingProfileCatalog.parse(old, source: "s.yaml")).names + ["my-stack"])
  }

  @Test func replacesAnExistingProfileInPlace() throws {
    let old = try Self.shipped()
    var p = Self.calibrated
    p.name = "vllm-v1-sync"
    let (text, placement) = try ServingProfileFileEditor.upsert(p.yamlEntry(), named: p.name, into: old, source: "s.yaml")
    guard case .replaced(let line) = placement else { Issue.record("\(placement)"); return }
    #expect(old.components(separatedBy: "\n")[line - 1] == "  vllm-v1-sync:")
    let catalog = try ServingProfileCatalog.parse(text, source: "s.yaml")
    #expect(try catalog.profile(named: "vllm-v1-sync") == p)
    let before = try ServingProfileCatalog.parse(old, source: "s.yaml")
    #expect(catalog.names == before.names)
    // The neighbours are untouched, the comment block before vllm-0.6 included.
    #expect(try catalog.profile(named: "vllm-0.6") == before.profile(named: "vllm-0.6"))
    #expect(text.contains("  vllm-0.6:\n    summary: \"vLLM 0.6.x"))
    // Writing the same profile again changes nothing.
    #expect(try ServingProfileFileEditor.upsert(p.yamlEntry(), named: p.name, into: text, source: "s.yaml").text == text)
  }

  @Test func createsAFileAndRefusesAFlowMapping() throws {
    let (text, _) = try ServingProfileFileEditor.upsert(Self.calibrated.yamlEntry(), named: "my-stack", into: "", source: "new.yaml")
    #expect(try ServingProfileCatalog.parse(text, source: "new.yaml").profile(named: "my-stack") == Self.calibrated)
    #expect(throws: ServingProfileError.self) {
      try ServingProfileFileEditor.upsert(Self.calibrated.yamlEntry(), named: "my-stack", into: "profiles: {a: {}}\n", source: "f.yaml")
    }
  }

  @Test func updateIsAtomic() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("serving_profiles.yaml")
    let old = try Self.shipped()
    try old.write(to: url, atomically: true, encoding: .utf8)
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try ServingProfileFileUpdate.write(Self.calibrated, to: url, beforeCommit: { _ in throw Boom() })
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == old)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["serving_profiles.yaml"])
    try ServingProfileFileUpdate.write(Self.calibrated, to: url)
    #expect(try ServingProfileCatalog.load(directory: folder).profile(named: "my-stack") == Self.calibrated)
  }

  @Test func validNames() {
    #expect(ServingProfileFileEditor.isValidName("vllm-0.6-h100_mine"))
    #expect(!ServingProfileFileEditor.isValidName("my stack") && !ServingProfileFileEditor.isValidName("-x")
            && !ServingProfileFileEditor.isValidName("a:b") && !ServingProfileFileEditor.isValidName(""))
  }
}
