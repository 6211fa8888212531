import BLISSim
import Foundation
import Synchronization
import Testing
@testable import BLISTUI

/// The real `blis` binary on generated hostile command lines and input files, every command.
/// Properties, checked per process: it exits 0, 1 or 2 (never a signal or trap); on failure stderr
/// is exactly one `error: …` line and the output folder holds only what was there before
/// (unchanged); no hidden temporary file is ever left; peak RSS stays under 1 GiB.
@Suite(.serialized) struct BinaryFuzzTests {
  struct Case {
    var arguments: [String]
    /// Files put in the folder before the run (name → contents), which must survive a failure.
    var existing: [String: String] = [:]
  }

  static let llama = "meta-llama/llama-3.1-8b-instruct"
  /// Flags whose large valid values mean long runs or big memory (the engine's work): only small or
  /// invalid values here.
  static let sizeValues = ["0", "-1", "abc", "1e3", "2.5", "", "9223372036854775808", "3", "20", " 7", "٣"]

  /// Builds case `index`: a command, its base flags, 1–3 hostile flags or a hostile input file, and
  /// its output flags pointing into `folder`.
  static func makeCase(_ index: Int, folder: URL) throws -> Case {
    var random = FuzzRandom(suite: "binary", index: index)
    let out = folder.path
    func value(_ flag: String) -> String {
      if ["--num-requests", "--total-kv-blocks", "--num-instances", "--max-probe-requests", "--probe-requests", "--gpus",
          "--requests", "--concurrency"].contains(flag) { return random.pick(sizeValues) }
      return random.chance(0.6) ? random.number() : random.string()
    }
    func write(_ name: String, _ text: String) throws -> String {
      let url = folder.appendingPathComponent(name)
      try text.write(to: url, atomically: false, encoding: .utf8)
      return url.path
    }
    let runFlags = ["--rate", "--tp", "--num-instances", "--seed", "--prompt-tokens", "--output-tokens-max", "--max-num-seqs",
                    "--max-num-batched-tokens", "--block-size", "--total-kv-blocks", "--gpu-memory-utilization", "--max-model-len",
                    "--horizon-seconds", "--alpha-coeffs", "--beta-coeffs", "--hardware", "--model", "--arrival-cv",
                    "--routing-policy", "--workload", "--latency-model", "--long-prefill-token-threshold", "--concurrency",
                    "--think-time-ms", "--serving-profile", "--num-scheduler-steps"]
    var c: Case
    switch random.int(0...9) {
    case 0...3:
      c = Case(arguments: ["run", "--model", llama, "--num-requests", "20", "--quiet",
                           "--results-path", out + "/r.json", "--requests-out", out + "/q.jsonl"])
    case 4:
      c = Case(arguments: ["compare", "--model", llama, "--num-requests", "15", "--quiet", "--results-path", out + "/c.json"])
    case 5:
      c = Case(arguments: ["sweep", "--model", llama, "--num-requests", "15", "--quiet", "--rates", "5,10", "--csv", out + "/p.csv"])
    case 6:
      c = Case(arguments: ["capacity", "--model", llama, "--quiet", "--slo-ttft-p99-ms", "800", "--probe-requests", "40",
                           "--probe-seconds", "1", "--max-probe-requests", "60", "--results-path", out + "/cap.json"])
    case 7:
      let defaults = try String(contentsOf: repositoryRoot.appendingPathComponent("defaults.yaml"), encoding: .utf8)
      c = Case(arguments: ["calibrate", "--steps", repositoryRoot.appendingPathComponent("Tests/BLISSimTests/Fixtures/h100.jsonl").path,
                           "--model", llama, "--hardware", "H100", "--write", out + "/defaults.yaml"],
               existing: ["defaults.yaml": defaults])
    case 8:
      c = Case(arguments: ["steptime", "--model", llama, "--batches", try write("b.jsonl", #"{"decode": [{"context": 100, "count": 8}]}"# + "\n")])
    default:
      c = Case(arguments: ["tui", "--dump-frame", "--width", "90", "--height", "30", "--num-requests", "20", "--quiet", "--model", llama])
    }
    for (name, text) in c.existing { _ = try write(name, text) }
    if random.chance(0.3) {
      // A hostile input file through the flag that reads it.
      switch c.arguments[0] {
      case "steptime":
        c.arguments[c.arguments.count - 1] = try write("b.jsonl", random.mutate(#"{"id": "a", "prefill": [{"context": 0, "tokens": 512}], "decode": [{"context": 2047, "count": 32}]}"#))
      case "calibrate":
        let steps = try write("steps.csv", random.mutate("prefill_tokens,decode_tokens,decode_context_sum,step_us\n512,0,0,9000\n0,32,65536,7000\n128,16,8000,8000\n2048,0,0,30000\n"))
        c.arguments[c.arguments.firstIndex(of: "--steps")! + 1] = steps
      default:
        switch random.int(0...3) {
        case 0: c.arguments += ["--workload-spec", try write("spec.yaml", random.mutate("rate: 5\nnum_requests: 20\nprompt_tokens: {dist: normal, mean: 100, stdev: 30, min: 1, max: 400}\noutput_tokens: 20\n"))]
        case 1: c.arguments += ["--config", try write("run.yaml", random.mutate("hardware: H100\ntp: 2\nnum_instances: 2\nrate: 10\nmax-num-running-reqs: 128\n"))]
        case 2:
          try FileManager.default.createDirectory(at: folder.appendingPathComponent("cfg"), withIntermediateDirectories: true)
          let config = try String(contentsOf: repositoryRoot.appendingPathComponent("model_configs/llama-3.1-8b-instruct/config.json"), encoding: .utf8)
          _ = try write("cfg/config.json", random.mutate(config))
          c.arguments += ["--model-config-folder", folder.appendingPathComponent("cfg").path, "--roofline"]
        default: c.arguments += ["--hardware-config", try write("hw.json", random.mutate(#"{"H100": {"tflopsBF16": 989.5, "bandwidthTBps": 3.35, "memoryGiB": 80, "aliases": ["h100-sxm"]}}"#))]
        }
      }
    } else {
      for _ in 0..<random.int(1...3) {
        let flag = c.arguments[0] == "steptime" ? random.pick(["--tp", "--hardware", "--latency-model"])
          : c.arguments[0] == "calibrate" ? random.pick(["--tp", "--hardware", "--model-form", "--gpu-name-filter"])
          : c.arguments[0] == "tui" ? random.pick(["--width", "--height", "--rate", "--tp", "--view"])
          : random.pick(runFlags + (c.arguments[0] == "capacity" ? ["--target-rate", "--rate-resolution", "--slo-itl-p99-ms", "--gpu-hour-usd"] : [])
                        + (c.arguments[0] == "sweep" ? ["--rates", "--tp-list", "--instances-list"] : []))
        c.arguments += [flag, value(flag)]
      }
    }
    return c
  }

  /// The folder's entries with their contents (nil for folders).
  static func snapshot(_ folder: URL) -> [String: Data?] {
    var out: [String: Data?] = [:]
    for name in entries(of: folder) { out[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) }
    return out
  }

  @Test func theBinaryFailsCleanlyOnHostileCommandLines() throws {
    let binary = try blisBinaryPath()
    let count = FuzzRandom.cases(24)
    let failures = Mutex([String]())
    // Two processes at a time: the runs are independent and mostly wait on the debug binary's start.
    DispatchQueue.concurrentPerform(iterations: 2) { lane in
      for index in stride(from: lane, to: count, by: 2) {
        let problems = Self.check(index, binary: binary)
        if !problems.isEmpty { failures.withLock { $0 += problems } }
      }
    }
    for failure in failures.withLock({ $0 }) { Issue.record(Comment(rawValue: failure)) }
  }

  /// Runs case `index` and returns what is wrong with how it ended (empty when nothing).
  static func check(_ index: Int, binary: String) -> [String] {
    guard let folder = try? makeTemporaryFolder("blis-binary-fuzz") else { return ["case \(index): no temporary folder"] }
    defer { try? FileManager.default.removeItem(at: folder) }
    let c: Case
    do { c = try makeCase(index, folder: folder) } catch { return ["case \(index): could not build: \(error)"] }
    let before = snapshot(folder)
    let name = fuzzCaseName("binary", index, "blis " + c.arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " "), limit: 600)
    let result: ChildResult
    do { result = try ChildProcess(binary, c.arguments, environment: blisTestEnvironment).wait(timeoutSeconds: 90) } catch {
      return ["\(name): could not spawn: \(error)"]
    }
    var problems: [String] = []
    guard let code = result.exitCode, [0, 1, 2].contains(code) else {
      return ["\(name): ended with \(result.status); stderr: \(result.stderr.suffix(600))"]
    }
    let after = snapshot(folder)
    if let hidden = after.keys.first(where: { $0.hasPrefix(".") }) { problems.append("\(name): left the temporary file \(hidden)") }
    if code != 0 {
      let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
      if !(lines.count == 2 && lines[1].isEmpty && lines[0].hasPrefix("error: ")) {
        problems.append("\(name): exit \(code) but stderr is not one 'error:' line: \(result.stderr.prefix(600).debugDescription)")
      }
      // Input files the case wrote are part of `before`; outputs must not have appeared or changed.
      if after != before { problems.append("\(name): exit \(code) but the folder changed: \(before.keys.sorted()) → \(after.keys.sorted())") }
    }
    if result.maxRSSKiB > 1 << 20 { problems.append("\(name): peak RSS \(result.maxRSSKiB / 1024) MiB (> 1 GiB)") }
    return problems
  }
}
