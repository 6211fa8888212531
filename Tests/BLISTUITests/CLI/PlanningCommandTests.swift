import ArgumentParser
import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// Captures both streams of an in-process CLI run.
private final class Streams: @unchecked Sendable {
  var output = ""
  var error = ""
  var runner: CLIRunner { CLIRunner(writeOutput: { self.output += $0 }, writeError: { self.error += $0 }) }
}

private let model = ["--model", "meta-llama/llama-3.1-8b-instruct", "--hardware", "H100", "--roofline"]

@Suite struct PlanningCommandTests {
  @Test(arguments: [
    (["capacity", "--slo-ttft-p99-ms", "fast"], "--slo-ttft-p99-ms 'fast' is invalid"),
    (["capacity", "--slo-itl-p99-ms", "-3"], "--slo-itl-p99-ms '-3' is invalid"),
    (["capacity"], "at least one of --slo-ttft-p99-ms"),
    (["capacity", "--slo-e2e-p99-ms", "9000", "--gpu-hour-usd", "cheap"], "--gpu-hour-usd 'cheap' is invalid"),
    (["capacity", "--slo-e2e-p99-ms", "9000", "--target-rate", "0"], "--target-rate '0' is invalid"),
    (["capacity", "--slo-e2e-p99-ms", "9000", "--gpus", "8", "--tp-list", "1,2"], "--gpus cannot be combined"),
    (["sweep", "--rates", "10,,20"], "--rates '10,,20' is invalid"),
    (["sweep", "--tp-list", "1,x"], "--tp-list '1,x' is invalid"),
    (["sweep", "--latency-models", "roofline,guess"], "--latency-models 'roofline,guess' is invalid"),
    (["sweep", "--gpus", "0"], "--gpus '0' is invalid"),
    (["sweep", "--concurrency-list", "8,0"], "--concurrency-list '8,0' is invalid"),
    (["capacity", "--slo-e2e-p99-ms", "9000", "--search", "users"], "--search 'users' is invalid"),
  ])
  func badPlanningFlagsAreOneLineUsageErrors(arguments: [String], message: String) {
    let streams = Streams()
    let code = streams.runner.run(BLISCommand.self, arguments: arguments + model)
    #expect(code == 2, "\(arguments): exit \(code), stderr \(streams.error)")
    #expect(streams.error.hasPrefix("error: ") && streams.error.contains(message), "\(arguments): \(streams.error)")
    #expect(streams.error.filter { $0 == "\n" }.count == 1, "\(arguments): \(streams.error)")
  }

  /// The whole command in-process: a CSV with one row per point in grid order, written atomically.
  @Test func sweepWritesOneCSVRowPerPoint() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("blis-sweep-\(UInt32.random(in: 0...UInt32.max)).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let streams = Streams()
    let code = streams.runner.run(BLISCommand.self, arguments: ["sweep"] + model + [
      "--tp-list", "1,2", "--rates", "5,10", "--num-requests", "30", "--quiet", "--csv", url.path,
    ])
    #expect(code == 0, "\(streams.error)")
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(lines.first?.hasPrefix("latency_model,tp,instances,rate_per_s,") == true)
    let keys = lines.dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
    #expect(keys == ["roofline,1,1,5.00", "roofline,1,1,10.00", "roofline,2,1,5.00", "roofline,2,1,10.00"])
    #expect(lines.allSatisfy { $0.split(separator: ",").count == 14 })
  }

  @Test func capacityTableMarksTheBestSplitAndCosts() throws {
    func result(_ tp: Int, _ n: Int, rate: Double?, tokens: Double) -> CapacityResult {
      var report = RunReport(latencyModel: "m", seed: 1, simulatedSeconds: 1, cluster: MetricsSummary(id: "cluster"), instances: [])
      report.cluster.itl = LatencyStats(count: 1, p99Ms: 20)
      let probe = rate.map {
        ProbeMeasurement(rateRequestsPerSecond: $0, requests: 100, report: report, keepUpRatio: 1,
                         throughputRequestsPerSecond: $0, outputTokensPerSecond: tokens, goodputRequestsPerSecond: $0, failures: [])
      }
      return CapacityResult(split: GPUSplit(tensorParallelism: tp, instances: n), kind: .roofline, hardware: "H100",
                            gpuHourUSD: 3, maxRateRequestsPerSecond: rate, atMaxRate: probe,
                            limitedBy: ["TTFT p99 900.0 ms > 500 ms"], probes: [])
    }
    let results = [result(1, 8, rate: 150, tokens: 80_000), result(8, 1, rate: 70, tokens: 36_000), result(2, 4, rate: nil, tokens: 0)]
    #expect(CapacityPlanner.best(results) == 0)
    let report = CapacityReport(model: "m", hardware: "H100", slo: LatencySLO(ttftP99Ms: 500), settings: CapacitySearchSettings(),
                                targetRatePerSecond: 300, results: results, skipped: ["TP16×1 roofline: reason"])
    #expect(report.bestIndex == 0)
    let lines = report.textLines()
    let row = try #require(lines.first { $0.contains("TP1×8") && $0.contains("roofline") })
    #expect(row.hasPrefix("* "))
    // 8 GPUs × $3/h over 80,000 tok/s = $0.083 per million; 300 req/s at 150/8 per instance = 16 × TP1.
    #expect(row.contains("0.083") && row.contains(" 16 "))
    // 300 req/s at 70 per TP8 instance → 5 instances × 8 GPUs.
    #expect(lines.contains { $0.hasPrefix("  TP8×1") && $0.contains(" 40 ") })
    #expect(lines.contains { $0.hasPrefix("skipped: TP16×1") })
  }
}

/// The closed-loop variants: `capacity --search concurrency` and `sweep --concurrency-list`.
@Suite struct ConcurrencyPlanningCommandTests {
  @Test func capacityCanSearchConcurrentClients() throws {
    let r = runBLIS(["capacity", "--model", llama8b, "--hardware", "H100", "--roofline", "--search", "concurrency",
                     "--slo-ttft-p99-ms", "200", "--output-tokens", "64", "--output-tokens-stdev", "16",
                     "--probe-requests", "100", "--max-probe-requests", "600", "--rate-resolution", "0.1"])
    #expect(r.code == 0, "\(r.stderr)")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains { $0.hasPrefix("search: closed-loop clients") })
    let header = try #require(lines.first { $0.hasPrefix("split") })
    #expect(header.contains("max clients"))
    let best = try #require(lines.first { $0.hasPrefix("* best: TP1×1 (roofline): ") })
    #expect(best.contains(" clients ("))
    #expect(r.stderr.contains(" clients → meets"))
  }

  @Test func sweepHasAClientsColumn() {
    let r = runBLIS(["sweep", "--model", llama8b, "--hardware", "H100", "--roofline", "--concurrency-list", "2,8",
                     "--num-requests", "40", "--quiet"])
    #expect(r.code == 0, "\(r.stderr)")
    let rows = r.stdout.split(separator: "\n").filter { $0.hasPrefix("roofline") }.map { $0.split(separator: " ") }
    #expect(rows.map { $0[3] } == ["2", "8"] && rows.allSatisfy { $0[4] == "-" })
  }
}

/// `capacity --json` and `sweep --json` carry every column of their tables, and both keep the
/// warnings `blis run` gives (here: the reference's unphysical TP4 blackbox row).
@Suite struct PlanningOutputTests {
  private static let quickCapacity = ["capacity", "--model", llama8b, "--hardware", "H100", "--tp-list", "4",
                                      "--latency-models", "blackbox,roofline", "--slo-ttft-p99-ms", "500",
                                      "--probe-requests", "150", "--probe-seconds", "2", "--rate-resolution", "0.25",
                                      "--target-rate", "500"]

  @Test func capacityWarnsLikeRunAndDoesNotCrownTheFlaggedRow() throws {
    let run = runBLIS(["run", "--model", llama8b, "--hardware", "H100", "--tp", "4", "--num-requests", "5"])
    let warning = try #require(run.stderr.split(separator: "\n").first { $0.contains("looks unphysical") })
    let text = runBLIS(Self.quickCapacity)
    #expect(text.code == 0, "\(text.stderr)")
    #expect(text.stderr.contains(warning), "capacity lacks run's warning: \(text.stderr)")
    let flagged = try #require(text.stdout.split(separator: "\n").first { $0.contains("TP4×1") && $0.contains("blackbox") })
    #expect(flagged.contains("blackbox !") && !flagged.hasPrefix("*"))
    #expect(text.stdout.contains("* best: TP4×1 (roofline)"))
  }

  @Test func capacityJSONHasEveryColumnPerRow() throws {
    let result = runBLIS(Self.quickCapacity + ["--json", "--quiet"])
    #expect(result.code == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let rows = try #require(object["results"] as? [[String: Any]])
    #expect(rows.count == 2)
    for row in rows {
      for key in ["max_rate_per_s", "usd_per_million_output_tokens", "output_tokens_per_s_per_gpu", "gpus_for_target_rate",
                  "warnings", "best", "split", "latency_model", "at_max_rate", "limited_by"] {
        #expect(row.keys.contains(key), "capacity --json row lacks \(key)")
      }
      #expect(row["usd_per_million_output_tokens"] is NSNumber)
    }
    let blackbox = try #require(rows.first { $0["latency_model"] as? String == "blackbox" })
    #expect((blackbox["warnings"] as? [String])?.first?.contains("looks unphysical") == true)
    #expect(blackbox["best"] as? Bool == false)
    #expect(object["best_index"] as? Int == rows.firstIndex { $0["latency_model"] as? String == "roofline" })
  }

  @Test func sweepJSONHasEveryColumnPerPoint() throws {
    let result = runBLIS(["sweep"] + model + ["--tp-list", "1", "--rates", "5", "--num-requests", "20", "--json", "--quiet"])
    #expect(result.code == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let point = try #require((object["points"] as? [[String: Any]])?.first)
    for key in ["output_tokens_per_s_per_gpu", "kv_peak_fraction", "warnings", "report", "split", "rate_per_s", "latency_model"] {
      #expect(point.keys.contains(key), "sweep --json point lacks \(key)")
    }
    let table = runBLIS(["sweep"] + model + ["--tp-list", "1", "--rates", "5", "--num-requests", "20", "--quiet"])
    let tokensPerGPU = try #require(point["output_tokens_per_s_per_gpu"] as? Double)
    #expect(table.stdout.contains(" \(Int(tokensPerGPU.rounded())) "), "the table's tok/s/GPU is the JSON's")
  }
}

/// Settings a `--config` file gives reach every command the same way, files included.
@Suite struct ConfigFileCommandTests {
  /// The hardware catalogue named in `--config` (not only on the command line) is the one the
  /// planning commands look the GPU up in.
  @Test func sweepReadsTheHardwareCatalogueNamedInTheConfigFile() throws {
    let folder = try makeTemporaryFolder("blis-config-hw")
    defer { try? FileManager.default.removeItem(at: folder) }
    try #"{"X1": {"TFlopsPeak": 989.5, "BwPeakTBs": 3.35, "MemoryGiB": 80}}"#
      .write(to: folder.appendingPathComponent("hw.json"), atomically: true, encoding: .utf8)
    try "model: \(llama8b)\nhardware_config: hw.json\nhardware: X1\nroofline: true\n"
      .write(to: folder.appendingPathComponent("run.yaml"), atomically: true, encoding: .utf8)
    let result = runBLIS(["sweep", "--config", folder.appendingPathComponent("run.yaml").path, "--rates", "5",
                          "--num-requests", "20", "--quiet"])
    #expect(result.code == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("model: \(llama8b) on X1"), "\(result.stdout)")
    let unknown = runBLIS(["capacity", "--config", folder.appendingPathComponent("run.yaml").path, "--hardware", "H100",
                           "--slo-ttft-p99-ms", "500"])
    #expect(unknown.code == 2 && unknown.stderr.hasPrefix("error: --hardware 'H100' is invalid: expected a known GPU: X1"),
            "\(unknown.stderr)")
  }
}

/// `blis tui --dump-frame` does not pass partial numbers off as results.
@Suite struct DumpFrameTests {
  @Test func aFrameOfUnfinishedRunsSaysSo() throws {
    var scenario = Fixture.scenario
    scenario.minimumRequests = 20_000
    var state = Fixture.state(scenario)
    let host = SimulationHost(runner: TestPlanner.runner, validator: TestPlanner.validator)
    let (frame, finished) = TUICommand.dumpFrame(state: &state, host: host, view: "dashboard", width: 100, height: 26,
                                                 timeout: .milliseconds(50))
    #expect(!finished)
    #expect(frame.contains("BLIS │") && frame.contains("searching…"))
  }
}
