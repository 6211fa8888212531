import ArgumentParser
import BLISSim
import Foundation

/// `blis validate`: replays vLLM benchmark result files on a deployment and prints measured vs
/// predicted vs error for each metric benchmark_serving reports.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Replay your vLLM benchmark results (benchmark_serving.py / vllm bench serve --save-result) and show the planner's error.",
    discussion: """
      Each FILE is a result JSON. Its workload is rebuilt exactly: the recorded per-request prompt and \
      output lengths (else the means of the totals), all requests at t = 0 for request_rate inf, else \
      benchmark_serving's gamma gaps (shape = burstiness) at the recorded rate seeded by --seed, and a \
      closed loop of max_concurrency clients when set. The deployment comes from the usual flags \
      (--model, default: the files' model_id; --hardware, --tp, --serving-profile, engine flags, \
      --config), because result files do not record it; FILE@key=value[,key=value] sets deployment \
      settings for one file (e.g. runs.json@tp=8). Metrics follow benchmark_serving's definitions \
      (printed under the tables); error = predicted / measured − 1.

      Example (the four sample runs, vLLM 0.6.0 on H100):
        blis validate examples/vllm-bench/*tp1*.json --tp 1 \\
          --model mistralai/mistral-7b-instruct-v0.3 --roofline --hardware H100 \\
          --serving-profile vllm-0.6 --num-scheduler-steps 10 --no-enable-chunked-prefill \\
          --max-model-len 2048 --max-num-seqs 256 --gpu-memory-utilization 0.95

      Exit codes: 0 success, 2 usage error (bad flag, name or result file), 1 runtime failure.
      """)

  @Argument(help: ArgumentHelp("vLLM benchmark result JSON files, each optionally FILE@key=value[,key=value] (per-file deployment settings).", valueName: "file"))
  var files: [String]

  @OptionGroup var options: RunOptions

  func run() throws {
    try execute(io: .standard())
  }

  func execute(io: CommandIO) throws {
    let start = io.nowSeconds()
    let targets = try files.map { try ValidationTarget.parse($0, currentDirectory: io.currentDirectory) }
    let results = try targets.map { try BenchmarkResult.load(path: $0.path, source: $0.name) }
    let models = Set(results.compactMap { $0.modelID?.lowercased() })
    let fileModel = models.count == 1 ? results.compactMap(\.modelID).first : nil

    var plans: [String: RunPlan] = [:]
    var validations: [ValidationReport.Entry] = []
    var warnings: [String] = []
    for (target, result) in zip(targets, results) {
      let key = target.settingsText
      if plans[key] == nil {
        let prepared = try PreparedRun.prepare(options, io: io, extraFlags: try target.layer(), defaultModel: fileModel)
        let (plan, fallback) = try prepared.planWithFallback()
        warnings += prepared.options.warnings + fallback + plan.latency.warnings
        plans[key] = plan
      }
      let plan = plans[key]!
      if let measured = result.modelID, !Self.sameModel(measured, plan.options.model) {
        warnings.append("\(target.name) was measured on \(measured); simulating \(plan.options.model)")
      }
      let replay = try BenchmarkReplay.make(result, seed: plan.options.seed)
      let validation = try BenchmarkValidator.validate(result, replay: replay, plan: plan)
      validations.append(ValidationReport.Entry(target: target, result: result, plan: plan, validation: validation))
    }
    let first = validations[0].plan.options
    let ignored = ValidationTarget.ignoredKeys.filter { [.flag, .configFile].contains(first.source(of: $0)) }
    if !ignored.isEmpty {
      warnings.append("ignored \(ignored.map(\.flag).joined(separator: ", ")): the workload comes from the result files")
    }
    io.warn(Self.unique(warnings), quiet: first.quiet)

    let report = ValidationReport(entries: validations)
    let json = try ReportJSON.encode(report.document())
    if let path = first.resultsPath { try AtomicFileWriter.write(json, to: path) }
    io.writeOutput(first.json ? String(decoding: json, as: UTF8.self) : report.text(relativeTo: io.currentDirectory))
    if !first.quiet {
      let seconds = io.nowSeconds() - start
      io.writeError("validated \(targets.count) file\(targets.count == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s\n")
    }
  }

  /// Model ids match when their last parts agree, ignoring case (`mistralai/Mistral-7B-Instruct-v0.3`
  /// ~ `mistral-7b-instruct-v0.3`).
  static func sameModel(_ a: String, _ b: String) -> Bool {
    func name(_ s: String) -> Substring { s.lowercased().split(separator: "/").last ?? "" }
    return name(a) == name(b)
  }

  static func unique(_ lines: [String]) -> [String] {
    var seen = Set<String>()
    return lines.filter { seen.insert($0).inserted }
  }
}

extension BenchmarkResultError: CLIClassifiedError {
  /// A result file is the user's input: usage (2).
  var isUsageError: Bool { true }
}
