import ArgumentParser
import BLISSim
import Foundation

/// `blis validate`: replays vLLM benchmark result files on a deployment and prints measured vs
/// predicted vs error for each metric benchmark_serving reports.
struct ValidateCommand: BLISSubcommand {
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

  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>

  func execute(io: CommandIO) throws {
    let start = io.nowSeconds()
    let inputs = try ValidationInputs.load(files: files, options: options, io: io)
    io.warn(inputs.warnings, quiet: inputs.output.quiet)
    let memory = try AvailableMemory.budget(environment: io.environment)
    let entries = try inputs.items.map { item in
      let replay = try BenchmarkReplay.make(item.result, seed: item.plan.settings.seed)
      // The replay keeps every request's record until it is compared.
      try memory.check(MemoryEstimate(plan: item.plan, workload: replay.workload, collectsRecords: true), plan: item.plan,
                       load: "the replay of \(item.result.source) (\(replay.countedOutputTokens.count) requests)") { fitting in
        "replay a benchmark of at most ~\(fitting) requests, or add instances"
      }
      return ValidationReport.Entry(item: item, validation: try BenchmarkValidator.validate(item.result, replay: replay, plan: item.plan))
    }
    let report = ValidationReport(entries: entries)
    try io.emit(report.document(), text: { report.text(relativeTo: io.currentDirectory) }, output: inputs.output)
    if !inputs.output.quiet {
      let n = entries.count
      io.writeError("validated \(n) file\(n == 1 ? "" : "s") in \(String(format: "%.2f", io.nowSeconds() - start)) s\n")
    }
  }
}
