import Foundation
import Testing
@testable import BLISSim

@Suite struct DefaultsRowEditorTests {
  static let text = """
    # header comment
    version: 0.0.1

    defaults:
      a/m: {GPU: H100, tensor_parallelism: 1, vllm_version: "v1"}

    models:
      # rows
      - {id: a/m, GPU: H100, tensor_parallelism: 1, vllm_version: "v1", alpha_coeffs: [1.5, 0.0, 0.0], beta_coeffs: [100, 2, 3], total_kv_blocks: 10, source: "old"}   # trailing
      - {id: a/m, GPU: A100-80, tensor_parallelism: 1, alpha_coeffs: [1, 2, 3], beta_coeffs: [4, 5, 6]}
      - {id: b/n, GPU: H100, tensor_parallelism: 2, alpha_coeffs: [1, 2, 3], beta_coeffs: [4, 5, 6]}

    workloads:
      chat: {x: 1}

    """
  static func row(_ id: String, gpu: String, tp: Int = 1) -> DefaultsFile.CoefficientRow {
    DefaultsFile.CoefficientRow(id: id, gpu: gpu, tensorParallelism: tp, vllmVersion: nil, alphaCoeffs: [7, 8, 9],
                                betaCoeffs: [10, 0.5, 2, 0.0001234, 0.00001, 15, 300], totalKVBlocks: 42, source: "fit \"x\"")
  }

  @Test func replacesTheMatchingRowAndKeepsEveryOtherLineByteForByte() throws {
    let (out, placement) = try DefaultsRowEditor.upsert(Self.row("A/M", gpu: "H100"), into: Self.text, gpuNames: ["h100", "h100-sxm"])
    #expect(placement == .replaced(line: 9))
    let before = Self.text.components(separatedBy: "\n"), after = out.components(separatedBy: "\n")
    #expect(before.count == after.count)
    for i in before.indices where i != 8 { #expect(before[i] == after[i], "line \(i + 1) changed") }
    let parsed = try DefaultsFile.parse(out)
    let c = try #require(parsed.coefficients(model: "a/m", gpu: "H100", tp: 1))
    #expect(c.beta == [10, 0.5, 2, 0.0001234, 0.00001, 15, 300] && c.alpha == [7, 8, 9] && c.totalKVBlocks == 42)
    #expect(parsed.models.first?.source == "fit \"x\"")
    #expect(parsed.coefficients(model: "b/n", gpu: "H100", tp: 2)?.beta == [4, 5, 6])
  }

  @Test func insertsAfterTheLastRowOfTheSameModel() throws {
    let (out, placement) = try DefaultsRowEditor.upsert(Self.row("a/m", gpu: "H200"), into: Self.text, gpuNames: ["h200"])
    #expect(placement == .inserted(line: 11))
    let lines = out.components(separatedBy: "\n")
    #expect(lines[10].hasPrefix("  - {id: a/m, GPU: H200,"))
    var expected = Self.text.components(separatedBy: "\n")
    expected.insert(lines[10], at: 10)
    #expect(lines == expected)
    #expect(try DefaultsFile.parse(out).coefficients(model: "a/m", gpu: "H200", tp: 1)?.alpha == [7, 8, 9])
  }

  @Test func aliasRowIsReplacedAndRenamedToTheCanonicalGPU() throws {
    let (out, placement) = try DefaultsRowEditor.upsert(Self.row("a/m", gpu: "A100-SXM"), into: Self.text, gpuNames: ["a100-sxm", "a100-80"])
    #expect(placement == .replaced(line: 10))
    #expect(try DefaultsFile.parse(out).coefficients(model: "a/m", gpu: "A100-SXM", tp: 1)?.alpha == [7, 8, 9])
  }

  @Test func fileWithoutModelsGetsAList() throws {
    let (out, _) = try DefaultsRowEditor.upsert(Self.row("c/x", gpu: "H100"), into: "version: 1\n# end", gpuNames: ["h100"])
    #expect(out.hasPrefix("version: 1\n# end\n\nmodels:\n  - {id: c/x"))
    #expect(try DefaultsFile.parse(out).coefficients(model: "c/x", gpu: "H100", tp: 1) != nil)
    let (fresh, _) = try DefaultsRowEditor.upsert(Self.row("c/x", gpu: "H100"), into: "", gpuNames: ["h100"])
    #expect(try DefaultsFile.parse(fresh).models.count == 1)
  }

  @Test func blockStyleRowsAreRefusedWithTheirLine() {
    let text = "models:\n  - id: a/m\n    GPU: H100\n"
    #expect { try DefaultsRowEditor.upsert(Self.row("a/m", gpu: "H100"), into: text, gpuNames: ["h100"]) } throws: {
      ($0 as? DefaultsEditError)?.line == 2
    }
  }

  @Test func existingRowIsFoundForAlphaReuse() throws {
    let found = try #require(try DefaultsRowEditor.existingRow(in: Self.text, id: "a/m", gpuNames: ["h100"], tensorParallelism: 1))
    #expect(found.line == 9 && found.row.alphaCoeffs == [1.5, 0, 0] && found.row.source == "old")
    #expect(try DefaultsRowEditor.existingRow(in: Self.text, id: "a/m", gpuNames: ["h100"], tensorParallelism: 2) == nil)
  }

  @Test func numbersReadBackExactly() throws {
    for x in [0.0, 1e-05, 0.00143902, 6175.34, 10326.268121600151, 1e-12, 123456789.0] {
      let s = DefaultsRowEditor.number(x)
      #expect(!s.contains("e"), "\(s)")
      #expect(Double(s) == x, "\(x) → \(s)")
    }
  }

  // MARK: - Atomic write

  func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("blis-defaults-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func failureBeforeRenameLeavesTheOldFileAndNoTemporary() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("defaults.yaml")
    try Data(Self.text.utf8).write(to: url)
    let row = Self.row("a/m", gpu: "H100")
    let (edited, _) = try DefaultsRowEditor.upsert(row, into: Self.text, gpuNames: ["h100"])
    struct Interrupted: Error {}
    var sawTemporary = false
    #expect(throws: Interrupted.self) {
      try DefaultsFileUpdate.write(edited, expecting: row, to: url) { tmp in
        sawTemporary = FileManager.default.fileExists(atPath: tmp.path) && tmp.deletingLastPathComponent().path == folder.path
        throw Interrupted()
      }
    }
    #expect(sawTemporary)
    #expect(try String(contentsOf: url, encoding: .utf8) == Self.text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["defaults.yaml"])

    try DefaultsFileUpdate.write(edited, expecting: row, to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == edited)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["defaults.yaml"])
  }

  @Test func unparseableOrShadowedResultIsNotWritten() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent("defaults.yaml")
    try Data(Self.text.utf8).write(to: url)
    let row = Self.row("a/m", gpu: "H100")
    #expect(throws: DefaultsFileUpdate.VerificationError.self) {
      try DefaultsFileUpdate.write("models: [oops", expecting: row, to: url)
    }
    // The unedited text does not contain the row, so lookups would not find it.
    #expect(throws: DefaultsFileUpdate.VerificationError.self) {
      try DefaultsFileUpdate.write(Self.text, expecting: row, to: url)
    }
    #expect(try String(contentsOf: url, encoding: .utf8) == Self.text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["defaults.yaml"])
  }
}
