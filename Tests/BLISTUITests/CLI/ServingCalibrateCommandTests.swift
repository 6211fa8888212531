import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// `blis calibrate serving` end to end on a sample file (a few simulations: debug builds are slow).
@Suite struct ServingCalibrateCommandTests {
  static let file = "\(ValidateCommandTests.sample)_tp1_n40.json"
  static let args = ["calibrate", "serving", file, "--tp", "1", "--max-evaluations", "6"] + ValidateCommandTests.model
    + ValidateCommandTests.server

  @Test func writesANamedProfileThatReadsBackAsPrinted() throws {
    let folder = try makeTemporaryFolder()
    let target = folder.appendingPathComponent("profiles.yaml")
    let original = try String(contentsOf: repositoryRoot.appendingPathComponent("serving_profiles.yaml"), encoding: .utf8)
    try original.write(to: target, atomically: true, encoding: .utf8)
    let r = runBLIS(Self.args + ["--fit", "host_cpu.step_us,front_end.api_ingress_us", "--name", "mine", "--write", target.path, "--json"])
    #expect(r.code == 0, "\(r.stderr)")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let parameters = try #require(doc["parameters"] as? [[String: Any]])
    #expect(parameters.compactMap { $0["name"] as? String } == ["host_cpu.step_us", "front_end.api_ingress_us"])
    #expect((doc["loss_after"] as? Double ?? 1) <= (doc["loss_before"] as? Double ?? 0))
    // The file now holds `mine` with the fitted values and vllm-0.6's others; every old line is kept.
    let text = try String(contentsOf: target, encoding: .utf8)
    let catalog = try ServingProfileCatalog.parse(text, source: target.path)
    let mine = try catalog.profile(named: "mine"), start = try catalog.profile(named: "vllm-0.6")
    #expect(mine.hostCPU.stepMicros == parameters[0]["fitted"] as? Double)
    #expect(mine.frontEnd.apiIngressMicros == parameters[1]["fitted"] as? Double)
    #expect(mine.outputPath == start.outputPath && mine.engineLoop == start.engineLoop)
    #expect(mine.source.hasPrefix("blis calibrate serving: host_cpu.step_us, front_end.api_ingress_us fitted from profile vllm-0.6"))
    let old = original.components(separatedBy: "\n"), new = text.components(separatedBy: "\n")
    #expect(new.starts(with: old.dropLast()) && new.count > old.count)
  }

  @Test func textShowsBeforeAndAfterPerFile() {
    let r = runBLIS(Self.args + ["--fit", "host_cpu.step_us"])
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("parameter (µs)") && r.stdout.contains("host_cpu.step_us"))
    #expect(r.stdout.contains("Mistral-7B-Instruct-v0.3_tp1_n40.json  mean TTFT ms"))
    #expect(r.stdout.contains("not written: give --name NAME"))
    #expect(r.stderr.contains("simulations of the 1 file"))
  }

  @Test func badOptionsAreUsageErrors() {
    let cases: [([String], String)] = [
      (["--fit", "host_cpu.steps_us"], "--fit 'host_cpu.steps_us' is invalid"),
      (["--objective", "mean_tpot_ms:-1"], "--objective 'mean_tpot_ms:-1' is invalid"),
      (["--objective", "tpot"], "--objective 'tpot' is invalid"),
      (["--name", "my stack"], "--name 'my stack' is invalid"),
      (["--write", "x.yaml"], "--write needs --name NAME"),
      (["--max-evaluations", "0"], "--max-evaluations 0 is invalid"),
      (["--latency-model", "blackbox", "--alpha-coeffs", "1,1,1", "--beta-coeffs", "1,1,1", "--total-kv-blocks", "1000"], "roofline"),
    ]
    for (extra, expected) in cases {
      let args = Self.args.filter { $0 != "--roofline" } + extra
      let r = runBLIS(extra.contains("blackbox") ? args : Self.args + extra)
      #expect(r.code == 2, "\(extra): \(r.stderr)")
      let errors = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
      #expect(errors.count == 1 && errors[0].contains(expected), "\(r.stderr)")
    }
  }
}
