import Foundation
import Testing
@testable import BLISSim

@Suite struct DefaultsFileTests {
  let file: DefaultsFile
  init() throws {
    file = try DefaultsFile.parse(String(contentsOf: TestData.repoRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8))
  }

  @Test func bundledFileHasAllReferenceRows() {
    // 87 reference rows; `blis calibrate` replaced 2 (Llama/Qwen H100 TP1) and added 2 (H200 TP1).
    #expect(file.models.filter { $0.source == "reference BLIS 517fe652" }.count == 85)
    #expect(file.models.filter { $0.source?.hasPrefix("blis calibrate") == true }.count == 4)
    #expect(file.models.count == 89)
    #expect(file.defaults.count >= 30)
  }
  @Test func defaultsAreCaseInsensitive() throws {
    let d = try #require(file.defaultsFor(model: "Meta-Llama/Llama-3.1-8B-Instruct"))
    #expect(d.gpu == "H100" && d.tensorParallelism == 1 && d.hfRepo == "meta-llama/Llama-3.1-8B-Instruct")
  }
  @Test func exactCoefficientsOfTheDefaultRow() throws {
    // The reference's exact TP2 row (its TP1 row was replaced by a calibrated one that keeps its α).
    let c = try #require(file.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "h100", tp: 2))
    #expect(c.alpha == [1601.350510688092, 3.512476196805965, 1805.5430360826988])
    #expect(c.beta == [6910.420479880494, 17.67057489844186, 2.8377471109943855])
    #expect(c.totalKVBlocks == 132139)
    let tp1 = try #require(file.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "h100", tp: 1))
    #expect(tp1.alpha == [10326.268121600151, 0.0, 0.0])
    #expect(file.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "H100", tp: 3) == nil)
  }
  @Test func firstMatchWins() throws {
    let yaml = """
      models:
        - {id: a/b, GPU: H100, tensor_parallelism: 1, alpha_coeffs: [1, 2, 3], beta_coeffs: [4, 5, 6]}
        - {id: A/B, GPU: H100, tensor_parallelism: 1, alpha_coeffs: [9, 9, 9], beta_coeffs: [9, 9, 9]}
      """
    let f = try DefaultsFile.parse(yaml)
    #expect(f.coefficients(model: "a/b", gpu: "H100", tp: 1)?.beta == [4, 5, 6])
  }
  @Test func missingFieldIsNamed() {
    let yaml = "models:\n  - {id: a/b, GPU: H100, alpha_coeffs: [1, 2, 3], beta_coeffs: [4, 5, 6]}\n"
    #expect {
      try DefaultsFile.parse(yaml)
    } throws: { error in
      "\(error)".contains("tensor_parallelism") && !"\(error)".contains("\n")
    }
  }
}

@Suite struct GPUAliasTests {
  @Test func theCataloguesNameFindsRowsStoredUnderAnAlias() throws {
    let files = try DataFiles.load(directory: TestData.repoRoot)
    // hardware_config.json names the GPU A100-SXM (aliases A100-80, A100); defaults.yaml rows say A100-80.
    #expect(files.defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "A100-SXM", tp: 1) == nil)
    let viaAlias = try #require(files.defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "A100-SXM", tp: 1,
                                                             catalog: files.hardware))
    #expect(viaAlias == files.defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "A100-80", tp: 1))
    #expect(files.defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "a100", tp: 2, catalog: files.hardware) != nil)
    #expect(files.defaults.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "H200", tp: 2, catalog: files.hardware) == nil)
  }
}

@Suite struct DataFilesDefaultsTests {
  /// A caller that already read `defaults.yaml` hands it over: the data files use that one (not a
  /// second parse of the folder's) under the path it was read from.
  @Test func loadUsesTheDefaultsItIsGiven() throws {
    let own = try DataFiles.loadDefaults(directory: TestData.repoRoot)
    #expect(!own.file.defaults.isEmpty)
    let given = (file: DefaultsFile(), path: "/elsewhere/defaults.yaml")
    let files = try DataFiles.load(directory: TestData.repoRoot, defaults: given)
    #expect(files.defaults.defaults.isEmpty && files.defaults.models.isEmpty)
    #expect(files.defaultsPath == "/elsewhere/defaults.yaml")
    let read = try DataFiles.load(directory: TestData.repoRoot)
    #expect(read.defaults.defaults.keys.sorted() == own.file.defaults.keys.sorted())
    #expect(read.defaultsPath == own.path)
  }
}
