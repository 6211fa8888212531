import ArgumentParser
import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct CalibrateCommandTests {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let h100 = repoRoot.appendingPathComponent("Tests/BLISSimTests/Fixtures/h100.jsonl").path

  /// Runs `blis calibrate` in-process from the repository root; stdout, or the thrown error.
  func calibrate(_ args: [String], beforeCommit: (URL) throws -> Void = { _ in }) throws -> String {
    var out = ""
    let io = CommandIO(writeOutput: { out += $0 }, writeError: { _ in }, environment: ["HF_ENDPOINT": "http://127.0.0.1:9"],
                       dataDirectory: Self.repoRoot, currentDirectory: Self.repoRoot,
                       makeProgressBar: { _ in ProgressBar(isEnabled: false) { _ in } }, nowSeconds: { 0 })
    try CalibrateCommand.parse(args).execute(io: io, beforeCommit: beforeCommit)
    return out
  }

  func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("calibrate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func writesTheRowTheSimulatorThenUses() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let target = dir.appendingPathComponent("defaults.yaml")
    let original = try String(contentsOf: Self.repoRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8)
    try original.write(to: target, atomically: true, encoding: .utf8)
    let args = ["--steps", Self.h100, "--model", "meta-llama/llama-3.1-8b-instruct", "--hardware", "h100",
                "--model-form", "extended", "--write", target.path]
    let out = try calibrate(args)
    #expect(out.contains("prefill") && out.contains("decode") && out.contains("mixed") && out.contains("worst rows"))
    let first = try String(contentsOf: target, encoding: .utf8)
    let row = try #require(try DefaultsFile.parse(first).coefficients(model: "meta-llama/llama-3.1-8b-instruct", gpu: "H100", tp: 1))
    #expect(row.beta.count == 7)
    // Only one line differs from the original (the row, replaced in place).
    let a = original.components(separatedBy: "\n"), b = first.components(separatedBy: "\n")
    #expect(a.count == b.count && zip(a, b).filter { $0 != $1 }.count <= 1)
    // Running again gives the same file (deterministic, in place).
    _ = try calibrate(args)
    #expect(try String(contentsOf: target, encoding: .utf8) == first)
  }

  @Test func failureBeforeRenameKeepsTheOldFile() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let target = dir.appendingPathComponent("defaults.yaml")
    try "# mine\nmodels:\n  - {id: x/y, GPU: H100, tensor_parallelism: 1, alpha_coeffs: [1, 2, 3], beta_coeffs: [4, 5, 6]}\n"
      .write(to: target, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: target)
    struct Crash: Error {}
    #expect(throws: Crash.self) {
      try calibrate(["--steps", Self.h100, "--model", "qwen/qwen2.5-7b-instruct", "--hardware", "H100", "--write", target.path],
                    beforeCommit: { _ in throw Crash() })
    }
    #expect(try Data(contentsOf: target) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["defaults.yaml"])
  }

  @Test func jsonOutputCarriesTheFitAndRooflineParams() throws {
    let out = try calibrate(["--steps", Self.h100, "--model", "qwen/qwen2.5-7b-instruct", "--hardware", "H100",
                             "--roofline-params", "--json"])
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect((obj["beta_fitted_gpu_step"] as? [Double])?.count == 3)
    let roofline = try #require(obj["roofline_params"] as? [String: Any])
    #expect((roofline["parameters"] as? [String: Double])?["attentionDecodeEfficiency"] == 0.73)
  }

  @Test func usageErrorsAreOneLineAndExitTwo() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let csv = dir.appendingPathComponent("s.csv")
    try "prefill_tokens,decode_tokens,decode_context_sum,step_us\n1,0,0,100\n1,x,0,5\n".write(to: csv, atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["--steps", Self.h100, "--model", "m/llama-3.1-8b", "--hardware", "H100", "--model-form", "fancy"], "--model-form 'fancy' is invalid"),
      (["--steps", Self.h100, "--model", "m/mistral-7b", "--hardware", "H100"], "file has models: llama-3.1-8b, qwen2.5-7b"),
      (["--steps", Self.h100, "--model", "m/llama-3.1-8b", "--hardware", "H200"], "on a GPU matching 'h200'"),
      (["--steps", Self.h100, "--hardware", "H100"], "--model is required"),
      (["--steps", csv.path, "--model", "a/b", "--hardware", "H100"], "steps CSV line 3: decode_tokens = 'x'"),
      (["--steps", csv.path, "--hardware", "H100", "--roofline-params"], "--roofline-params needs a stepbench JSONL file"),
      (["--steps", Self.h100, "--model", "m/llama-3.1-8b", "--hardware", "Z9"], "--hardware 'Z9' is invalid: expected a known GPU"),
      (["--steps", Self.h100, "--model", "m/llama-3.1-8b", "--hardware", "H100", "--tp", "0"], "--tp '0' is invalid: expected an integer ≥ 1"),
    ]
    for (args, fragment) in cases {
      var errors = ""
      let runner = CLIRunner(writeOutput: { _ in }, writeError: { errors += $0 })
      // Every case fails before the data directory matters beyond hardware_config.json, which
      // DataDirectory.locate() finds in the package root (swift test's working directory).
      let code = runner.run(BLISCommand.self, arguments: ["calibrate"] + args)
      #expect(code == 2, "\(args): exit \(code), \(errors)")
      #expect(errors.contains(fragment) && errors.filter { $0 == "\n" }.count == 1, "\(args): \(errors)")
    }
  }
}
