import Foundation
import Testing
@testable import BLISTUI

/// Issue 4 item 5: every bad input gives ONE line on stderr naming the flag/field, the value and
/// what is allowed; exit 2 for usage errors, 1 for runtime failures; nothing on stdout; and no
/// output file (nor a temporary one) appears.
@Suite struct RunBadInputTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var code: Int32
    /// Substrings the error line must contain.
    var mentions: [String]
    var testDescription: String { name }
  }

  /// Input files the cases refer to as `INPUTS/…`, created fresh for each case.
  static func makeInputs() throws -> URL {
    let inputs = try makeTemporaryFolder("blis-inputs")
    let fm = FileManager.default
    for folder in ["truncated", "missing-heads"] {
      try fm.createDirectory(at: inputs.appendingPathComponent(folder), withIntermediateDirectories: true)
    }
    try #"{"num_hidden_layers": 32, "hidden_size": 40"#.write(
      to: inputs.appendingPathComponent("truncated/config.json"), atomically: true, encoding: .utf8)
    try #"{"num_hidden_layers": 32, "hidden_size": 4096, "vocab_size": 128256, "intermediate_size": 14336}"#.write(
      to: inputs.appendingPathComponent("missing-heads/config.json"), atomically: true, encoding: .utf8)
    try "stages: [rate: 5\n".write(to: inputs.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
    try Data([0, 1, 2, 0xFF]).write(to: inputs.appendingPathComponent("binary.yaml"))
    return inputs
  }

  static let cases: [Case] = [
    Case(name: "unknown model (blackbox)", arguments: ["--model", "llama-3.1-8b-instrct"], code: 2,
         mentions: ["--model llama-3.1-8b-instrct", "did you mean", "llama-3.1-8b-instruct"]),
    Case(name: "unknown model (roofline)", arguments: ["--model", "llama-3.1-8b-instrct", "--roofline"], code: 2,
         mentions: ["--model llama-3.1-8b-instrct", "did you mean", "llama-3.1-8b-instruct"]),
    // Blackbox has nothing to run without coefficients, so it must say so before any hub fetch
    // (a fetch would fail with "could not reach", exit 1).
    Case(name: "unknown hub model (blackbox, no fetch)", arguments: ["--model", "some-owner/some-model"], code: 2,
         mentions: ["--model some-owner/some-model", "unknown model", "--roofline"]),
    Case(name: "unknown GPU", arguments: ["--model", llama8b, "--hardware", "H10"], code: 2,
         mentions: ["--hardware 'H10'", "H100", "L40S", "A100"]),
    Case(name: "tp 0", arguments: ["--model", llama8b, "--tp", "0"], code: 2, mentions: ["--tp '0'", "≥ 1"]),
    Case(name: "tp negative", arguments: ["--model", llama8b, "--tp", "-2"], code: 2, mentions: ["--tp '-2'", "≥ 1"]),
    Case(name: "tp not dividing heads (blackbox)", arguments: ["--model", llama8b, "--tp", "3"], code: 2,
         mentions: ["--tp '3' is invalid", "32 attention heads", "8 KV heads", "1, 2, 4, 8"]),
    Case(name: "tp not dividing heads (roofline)", arguments: ["--model", llama8b, "--tp", "3", "--roofline"], code: 2,
         mentions: ["--tp '3' is invalid", "1, 2, 4, 8"]),
    Case(name: "model does not fit", arguments: ["--model", "meta-llama/llama-3.1-70b-instruct", "--roofline",
                                                 "--hardware", "H100", "--tp", "1"], code: 2,
         mentions: ["does not fit on H100 at TP 1", "smallest TP that fits is 2"]),
    Case(name: "model does not fit (blackbox default)", arguments: ["--model", "meta-llama/llama-3.1-70b-instruct",
                                                                    "--hardware", "H100", "--tp", "1"], code: 2,
         mentions: ["smallest TP that fits is 2"]),
    Case(name: "rate zero", arguments: ["--model", llama8b, "--rate", "0"], code: 2, mentions: ["--rate '0'", "> 0"]),
    Case(name: "rate negative", arguments: ["--model", llama8b, "--rate", "-4"], code: 2, mentions: ["--rate '-4'", "> 0"]),
    Case(name: "rate not a number", arguments: ["--model", llama8b, "--rate", "fast"], code: 2,
         mentions: ["--rate 'fast' is invalid", "expected a finite number"]),
    Case(name: "num-requests zero", arguments: ["--model", llama8b, "--num-requests", "0"], code: 2,
         mentions: ["--num-requests '0'", "≥ 1"]),
    Case(name: "num-requests negative", arguments: ["--model", llama8b, "--num-requests", "-1"], code: 2,
         mentions: ["--num-requests '-1'", "≥ 1"]),
    Case(name: "truncated config.json", arguments: ["--model", "x", "--roofline", "--hardware", "H100", "--tp", "1",
                                                    "--model-config-folder", "INPUTS/truncated"], code: 2,
         mentions: ["truncated/config.json", "not a valid config.json"]),
    Case(name: "config.json missing a required field", arguments: ["--model", "x", "--roofline", "--hardware", "H100",
                                                                   "--tp", "1", "--model-config-folder", "INPUTS/missing-heads"],
         code: 2, mentions: ["missing-heads/config.json", "num_attention_heads"]),
    Case(name: "blackbox without coefficients", arguments: ["--model", llama8b, "--hardware", "L40S", "--tp", "1"], code: 2,
         mentions: ["no coefficients", "L40S", "--roofline"]),
    Case(name: "model name with ..", arguments: ["--model", "../../etc/passwd", "--roofline"], code: 2,
         mentions: ["--model '../../etc/passwd'", "'..' are not allowed"]),
    Case(name: "model name with .. inside", arguments: ["--model", "meta-llama/..", "--roofline"], code: 2,
         mentions: ["--model 'meta-llama/..'", "not allowed"]),
    Case(name: "absolute model name", arguments: ["--model", "/etc/passwd", "--roofline"], code: 2,
         mentions: ["--model '/etc/passwd'", "absolute paths are not allowed"]),
    Case(name: "three-part model name", arguments: ["--model", "a/b/c", "--roofline"], code: 2,
         mentions: ["--model 'a/b/c'", "'owner/name'"]),
    Case(name: "workload spec not YAML", arguments: ["--model", llama8b, "--workload-spec", "INPUTS/broken.yaml"], code: 2,
         mentions: ["--workload-spec", "broken.yaml", "YAML"]),
    Case(name: "workload spec binary", arguments: ["--model", llama8b, "--workload-spec", "INPUTS/binary.yaml"], code: 2,
         mentions: ["--workload-spec", "binary.yaml"]),
    Case(name: "workload spec missing", arguments: ["--model", llama8b, "--workload-spec", "INPUTS/none.yaml"], code: 2,
         mentions: ["--workload-spec", "none.yaml", "does not exist"]),
    Case(name: "workload spec is a folder", arguments: ["--model", llama8b, "--workload-spec", "INPUTS/truncated"], code: 2,
         mentions: ["--workload-spec", "is a folder"]),
    Case(name: "hub unreachable", arguments: ["--model", "some-owner/some-model", "--roofline", "--hardware", "H100",
                                              "--tp", "1"], code: 1,
         mentions: ["could not reach", "--model-config-folder"]),
  ]

  @Test(arguments: cases)
  func oneLineExitCodeAndNoFiles(_ c: Case) throws {
    let inputs = try Self.makeInputs()
    let outputs = try makeTemporaryFolder("blis-outputs")
    defer {
      try? FileManager.default.removeItem(at: inputs)
      try? FileManager.default.removeItem(at: outputs)
    }
    let arguments = ["run"] + c.arguments.map { $0.replacingOccurrences(of: "INPUTS", with: inputs.path) }
      + ["--results-path", outputs.appendingPathComponent("results.json").path,
         "--requests-out", outputs.appendingPathComponent("requests.jsonl").path]
    let r = runBLIS(arguments)
    #expect(r.code == c.code, "\(c.name): \(r.stderr)")
    #expect(r.stderr.hasPrefix("error: "), "\(c.name): \(r.stderr)")
    #expect(r.stderr.filter { $0 == "\n" }.count == 1, "\(c.name): one line: \(r.stderr)")
    for mention in c.mentions { #expect(r.stderr.contains(mention), "\(c.name): '\(mention)' missing from \(r.stderr)") }
    #expect(r.stdout.isEmpty, "\(c.name)")
    #expect(entries(of: outputs).isEmpty, "\(c.name): files left: \(entries(of: outputs))")
  }

  @Test func compareRejectsTheSameBadInput() {
    let r = runBLIS(["compare", "--model", llama8b, "--tp", "3"])
    #expect(r.code == 2)
    #expect(r.stderr.hasPrefix("error: --tp '3' is invalid"))
    #expect(r.stdout.isEmpty)
  }
}

/// An unreadable spec (permissions) — meaningful only when not running as root, who reads anyway.
@Test(.enabled(if: geteuid() != 0, "root can read a mode-000 file"))
func unreadableWorkloadSpecIsAUsageError() throws {
  let folder = try makeTemporaryFolder("blis-unreadable")
  defer {
    try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("spec.yaml").path)
    try? FileManager.default.removeItem(at: folder)
  }
  let spec = folder.appendingPathComponent("spec.yaml")
  try "rate: 5\n".write(to: spec, atomically: true, encoding: .utf8)
  try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: spec.path)
  let r = runBLIS(["run", "--model", llama8b, "--workload-spec", spec.path])
  #expect(r.code == 2)
  #expect(r.stderr.contains("--workload-spec"))
  #expect(r.stderr.contains("readable"))
}
