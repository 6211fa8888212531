import BLISSim
import Foundation
import Testing
@testable import BLISTUI

@Suite struct RunCommandTests {
  private let small = ["--model", llama8b, "--num-requests", "40", "--rate", "20"]

  @Test func jsonIsTheRunReportAndMatchesTheResultsFile() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let results = folder.appendingPathComponent("results.json")
    let r = runBLIS(["run"] + small + ["--num-instances", "3", "--json", "--results-path", results.path])
    #expect(r.code == 0, "\(r.stderr)")
    let report = try JSONDecoder().decode(RunReport.self, from: Data(r.stdout.utf8))
    #expect(report.cluster.completedRequests == 40)
    #expect(report.instances.count == 3)
    #expect(report.instances.map(\.completedRequests).reduce(0, +) == 40)
    #expect(report.seed == 42)
    let file = try Data(contentsOf: results)
    #expect(try JSONDecoder().decode(RunReport.self, from: file) == report)
    #expect(String(decoding: file, as: UTF8.self) == r.stdout)
  }

  @Test func requestsOutHasOneParsableLinePerRequest() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("requests.jsonl")
    let r = runBLIS(["run"] + small + ["--num-instances", "2", "--requests-out", out.path, "--quiet"])
    #expect(r.code == 0, "\(r.stderr)")
    let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 40)
    var ids = Set<String>()
    let keys: Set<String> = ["id", "instance", "arrival_s", "ttft_s", "e2e_s", "itl_mean_s", "input_tokens", "output_tokens",
                             "cached_tokens", "preemptions", "outcome"]
    for line in lines {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      #expect(Set(object.keys) == keys, "\(line)")
      #expect(object["outcome"] as? String == "completed")
      let instance = try #require(object["instance"] as? Int)
      #expect((0..<2).contains(instance))
      let ttft = try #require(object["ttft_s"] as? Double)
      let e2e = try #require(object["e2e_s"] as? Double)
      #expect(ttft > 0 && ttft <= e2e, "\(line)")
      ids.insert(try #require(object["id"] as? String))
    }
    #expect(ids.count == 40)
    #expect(entries(of: folder) == ["requests.jsonl"], "no temporary file left behind")
  }

  @Test func stdoutIsDeterministicAndDependsOnTheSeed() {
    let args = ["run"] + small + ["--num-instances", "2"]
    let first = runBLIS(args)
    let second = runBLIS(args)
    #expect(first.code == 0)
    #expect(first.stdout == second.stdout)
    let otherSeed = runBLIS(args + ["--seed", "7"])
    #expect(otherSeed.stdout != first.stdout)
  }

  /// The progress bar slices the run; the result must not depend on slicing.
  @Test func slicedRunWithProgressGivesTheSameReport() throws {
    final class Drawn: @unchecked Sendable { var text = ""; var clock = 0.0 }
    let drawn = Drawn()
    var bar = ProgressBar(isEnabled: true, columns: 80) { drawn.text += $0 }
    bar.minimumElapsedSeconds = 0
    bar.redrawIntervalSeconds = 0
    let args = ["run", "--model", llama8b, "--num-requests", "400", "--rate", "50", "--num-instances", "2", "--json"]
    let sliced = runBLIS(args, progress: bar, nowSeconds: { drawn.clock += 1; return drawn.clock })
    let whole = runBLIS(args)
    #expect(sliced.code == 0)
    #expect(drawn.text.contains("400/400 requests"), "the bar was drawn")
    #expect(sliced.stdout == whole.stdout)
  }

  @Test func summaryHasInstanceAndClusterRowsWithin100Columns() {
    let r = runBLIS(["run"] + small + ["--num-instances", "4", "--roofline", "--tp", "2"])
    #expect(r.code == 0, "\(r.stderr)")
    for row in ["instance 0", "instance 3", "cluster"] {
      #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix(row) }.count == 2, "\(row) in both tables")
    }
    #expect(r.stdout.contains("latency model: roofline"))
    #expect(r.stdout.contains("model_configs/llama-3.1-8b-instruct/config.json"))
    #expect(r.stdout.contains("TP 2 × 4 instances = 8 GPUs"))
    for line in r.stdout.split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
  }

  @Test func precedenceFlagOverConfigFileOverDefaultsYAML() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = folder.appendingPathComponent("run.yaml")
    try "tp: 2\nnum_instances: 3\nhardware: A100-80\n".write(to: config, atomically: true, encoding: .utf8)

    let defaultsOnly = runBLIS(["run"] + small)
    #expect(defaultsOnly.code == 0, "\(defaultsOnly.stderr)")
    #expect(defaultsOnly.stdout.contains("on H100 · TP 1 × 1 instance"))
    #expect(defaultsOnly.stdout.contains("from defaults.yaml: --hardware H100, --tp 1"))

    let fromFile = runBLIS(["run"] + small + ["--config", config.path])
    #expect(fromFile.code == 0, "\(fromFile.stderr)")
    #expect(fromFile.stdout.contains("on A100-80 (= A100-SXM) · TP 2 × 3 instances"))
    #expect(fromFile.stdout.contains("coefficients: defaults.yaml row \(llama8b) / A100-SXM / TP2"))
    #expect(!fromFile.stdout.contains("--hardware H100"))

    let flagWins = runBLIS(["run"] + small + ["--config", config.path, "--tp", "4", "--hardware", "H100"])
    #expect(flagWins.code == 0, "\(flagWins.stderr)")
    #expect(flagWins.stdout.contains("on H100 · TP 4 × 3 instances"))
  }

  /// The reference's rule: no coefficients, blackbox not chosen explicitly, and both config paths
  /// plus GPU and TP given ⇒ roofline, with a warning.
  @Test func customModelFallsBackToRooflineWithAWarning() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let configs = folder.appendingPathComponent("my-model-configs", isDirectory: true)
    try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("model_configs/qwen2.5-7b-instruct/config.json"),
                                     to: configs.appendingPathComponent("config.json"))
    try #"{"H100": {"TFlopsPeak": 989.5, "BwPeakTBs": 3.35, "MemoryGiB": 80}}"#
      .write(to: folder.appendingPathComponent("my-hardware-config.json"), atomically: true, encoding: .utf8)
    let args = ["run", "--model", "my-custom-model", "--model-config-folder", "./my-model-configs/",
                "--hardware-config", "./my-hardware-config.json", "--hardware", "H100", "--tp", "4", "--num-requests", "20"]
    let r = runBLIS(args, currentDirectory: folder)
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("latency model: roofline"))
    #expect(r.stdout.contains("my-hardware-config.json"))
    #expect(r.stderr.hasPrefix("warning: no blackbox coefficients for model=my-custom-model"))
    #expect(runBLIS(args + ["--quiet"], currentDirectory: folder).stderr.isEmpty)
    // Explicit blackbox does not fall back.
    let explicit = runBLIS(args + ["--latency-model", "blackbox"], currentDirectory: folder)
    #expect(explicit.code == 2)
    #expect(explicit.stderr.contains("--roofline"))
  }

  @Test func unreachableHubIsARuntimeFailure() {
    let r = runBLIS(["run", "--model", "some-owner/some-model", "--roofline", "--hardware", "H100", "--tp", "1"],
                    environment: ["HF_ENDPOINT": "http://127.0.0.1:9"])
    #expect(r.code == 1)
    #expect(r.stderr.hasPrefix("error: could not reach http://127.0.0.1:9"), "\(r.stderr)")
    #expect(r.stderr.contains("--model-config-folder"))
    #expect(r.stdout.isEmpty)
  }
}
