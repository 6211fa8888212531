import Foundation
import Testing
@testable import BLISSim

@Suite struct DefaultsFileTests {
  let file: DefaultsFile
  init() throws {
    file = try DefaultsFile.parse(String(contentsOf: TestData.repoRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8))
  }

  @Test func bundledFileHasAllReferenceRows() {
    #expect(file.models.count == 87)
    #expect(file.defaults.count >= 30)
  }
  @Test func defaultsAreCaseInsensitive() throws {
    let d = try #require(file.defaultsFor(model: "Meta-Llama/Llama-3.1-8B-Instruct"))
    #expect(d.gpu == "H100" && d.tensorParallelism == 1 && d.hfRepo == "meta-llama/Llama-3.1-8B-Instruct")
  }
  @Test func exactCoefficientsOfTheDefaultRow() throws {
    let c = try #require(file.coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "h100", tp: 1))
    #expect(c.alpha == [10326.268121600151, 0.0, 0.0])
    #expect(c.beta == [6472.007648778123, 19.79721387814611, 304.4021040302657])
    #expect(c.totalKVBlocks == 29205)
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
