import ArgumentParser
import BLISSim
import Foundation

/// `blis calibrate serving FILE...`: fits a serving profile's host-CPU and front-end costs to vLLM
/// benchmark results (the GPU step model stays fixed) and can write the result as a named profile.
struct ServingCalibrateCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "serving",
    abstract: "Fit a serving profile's host-CPU and front-end costs to your vLLM benchmark results.",
    discussion: """
      Replays each FILE like blis validate (same flags, FILE@key=value per-file deployment settings) \
      and moves the chosen profile's costs (--serving-profile, default vllm-0.14; the GPU step model \
      and engine settings stay fixed) to minimise the mean over files of Σ ln(predicted / measured)² \
      over the --objective metrics, by Nelder–Mead (deterministic; restarted from the best point while it improves). \
      Prints the parameters and each file's errors before and after. --name NAME writes the fitted \
      profile into serving_profiles.yaml (or --write FILE) atomically, every other line kept \
      byte-for-byte; use it with --serving-profile NAME. Needs the roofline step model (blackbox \
      rows carry their own α).

      Parameters (--fit, comma-separated; default: the first five, plus the two tensor_parallel ones \
      when a file runs at TP > 1): \(ServingParameter.defaults(tensorParallel: true).map(\.rawValue).joined(separator: ", ")); \
      also \(ServingParameter.allCases.filter { !ServingParameter.defaults(tensorParallel: true).contains($0) }.map(\.rawValue).joined(separator: ", ")).

      Example (the four sample runs):
        blis calibrate serving examples/vllm-bench/Mistral-7B-Instruct-v0.3_tp1_n40.json@tp=1 \\
          examples/vllm-bench/Mistral-7B-Instruct-v0.3_tp8_n320.json@tp=8 ... \\
          --model mistralai/mistral-7b-instruct-v0.3 --roofline --hardware H100 \\
          --serving-profile vllm-0.6 --num-scheduler-steps 10 --no-enable-chunked-prefill \\
          --max-model-len 2048 --max-num-seqs 256 --gpu-memory-utilization 0.95 --name my-vllm-0.6
      """)

  @Argument(help: ArgumentHelp("vLLM benchmark result JSON files, each optionally FILE@key=value[,key=value].", valueName: "file"))
  var files: [String]

  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>

  @Option(name: .customLong("fit"), help: ArgumentHelp("Profile fields to fit, comma-separated (e.g. host_cpu.step_us,front_end.api_ingress_us).", valueName: "fields"))
  var fit: String?
  @Option(name: .customLong("objective"), help: ArgumentHelp("Metrics to match, comma-separated, each optionally :weight (default mean_ttft_ms,mean_tpot_ms,mean_e2el_ms).", valueName: "metrics"))
  var objective: String?
  @Option(name: .customLong("max-evaluations"), parsing: .unconditional, help: ArgumentHelp("Most simulations of the file set.", valueName: "n"))
  var maxEvaluations: Int = 300
  @Option(name: .customLong("name"), help: ArgumentHelp("Write the fitted profile under this name.", valueName: "name"))
  var name: String?
  @Option(name: .customLong("write"), help: ArgumentHelp("Profiles file to write into (default: serving_profiles.yaml in the data folder).", valueName: "file"))
  var write: String?

  func execute(io: CommandIO) throws {
    let start = io.nowSeconds()
    let objective = try Self.objective(self.objective)
    guard (1...100_000).contains(maxEvaluations) else {
      throw CLIFailure(.usage, "--max-evaluations \(maxEvaluations) is invalid (allowed: 1...100000)")
    }
    if let name, !ServingProfileFileEditor.isValidName(name) {
      throw CLIFailure(.usage, "--name '\(name)' is invalid (allowed: letters, digits, '.', '_' and '-', not starting with '-', at most 64)")
    }
    if write != nil && name == nil { throw CLIFailure(.usage, "--write needs --name NAME (the profile's name in the file)") }
    let destination = name.map { _ in
      write.map { SettingPath.resolve($0, base: io.currentDirectory) }
        ?? io.dataDirectory.appendingPathComponent("serving_profiles.yaml")
    }
    if let destination { try AtomicFileWriter.checkWritable(destination) }

    let inputs = try ValidationInputs.load(files: files, options: options, io: io)
    let output = inputs.output
    io.warn(inputs.warnings, quiet: output.quiet)
    let profile = inputs.items[0].plan.deployment.servingProfile
    for item in inputs.items {
      guard item.plan.kind == .roofline else {
        throw CLIFailure(.usage, "\(item.target.name): calibrate serving fits the costs around the roofline GPU model; blackbox rows carry their own α (pass --roofline)")
      }
      guard item.plan.deployment.servingProfile == profile else {
        throw CLIFailure(.usage, "\(item.target.name) uses serving profile \(item.plan.deployment.servingProfile.name) but \(inputs.items[0].target.name) uses \(profile.name): one profile is fitted to all files")
      }
    }
    let tensorParallel = inputs.items.contains { $0.plan.settings.tensorParallelism > 1 }
    let parameters = try Self.parameters(fit, tensorParallel: tensorParallel)
    let cases = try inputs.items.map { try ServingCalibrationCase(result: $0.result, plan: $0.plan, seed: $0.plan.settings.seed) }
    var fit = try ServingCalibrator.fit(cases, start: profile, parameters: parameters, objective: objective,
                                        optimizer: NelderMead(maxEvaluations: maxEvaluations))
    fit.fitted.name = name ?? "\(profile.name)-calibrated"
    fit.fitted.versions = VersionRange()
    let report = ServingCalibrationReport(inputs: inputs, fit: fit, objective: objective)
    fit.fitted.summary = report.summary
    fit.fitted.source = report.source
    var written: ServingCalibrationReport.Written?
    if let destination {
      let placement = try ServingProfileFileUpdate.write(fit.fitted, comments: report.fieldComments, to: destination)
      written = .init(path: write ?? "serving_profiles.yaml", name: fit.fitted.name, placement: placement)
    }
    let final = ServingCalibrationReport(inputs: inputs, fit: fit, objective: objective, written: written)
    try io.emit(final.document(), text: { final.text(relativeTo: io.currentDirectory) }, output: output)
    if !output.quiet {
      io.writeError("calibrated in \(String(format: "%.2f", io.nowSeconds() - start)) s (\(fit.evaluations) simulations of the \(cases.count) file\(cases.count == 1 ? "" : "s"))\n")
    }
  }

  /// `--fit`: profile field paths; default `ServingParameter.defaults`.
  static func parameters(_ text: String?, tensorParallel: Bool) throws -> [ServingParameter] {
    guard let text else { return ServingParameter.defaults(tensorParallel: tensorParallel) }
    var out: [ServingParameter] = []
    for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      guard let p = ServingParameter(rawValue: item) else {
        throw CLIFailure(.usage, "--fit '\(item)' is invalid (allowed: \(ServingParameter.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      if !out.contains(p) { out.append(p) }
    }
    guard !out.isEmpty else { throw CLIFailure(.usage, "--fit '\(text)' is invalid (allowed: at least one profile field)") }
    return out
  }

  /// `--objective`: metric keys (`mean_tpot_ms`, `p99_e2el_ms` or `p99_latency_ms`), each `:weight`.
  static func objective(_ text: String?) throws -> ServingObjective {
    guard let text else { return .standard }
    var terms: [ServingObjective.Term] = []
    for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
      let parts = item.split(separator: ":", maxSplits: 1).map(String.init)
      guard let metric = BenchmarkMetric.allCases.first(where: { $0.fileKeys.contains(parts.first ?? "") }) else {
        throw CLIFailure(.usage, "--objective '\(item)' is invalid (allowed: \(BenchmarkMetric.allCases.map(\.rawValue).joined(separator: ", ")), each optionally :weight)")
      }
      let weight = parts.count > 1 ? Double(parts[1]) : 1
      guard let weight, weight.isFinite, weight > 0, weight <= 1000 else {
        throw CLIFailure(.usage, "--objective '\(item)' is invalid (allowed: a weight in (0, 1000] after the colon)")
      }
      terms.append(.init(metric, weight: weight))
    }
    guard !terms.isEmpty else { throw CLIFailure(.usage, "--objective '\(text)' is invalid (allowed: at least one metric)") }
    return ServingObjective(terms: terms)
  }
}

extension ServingProfileError: CLIClassifiedError {
  /// Profile names and files are the user's to fix.
  var isUsageError: Bool { true }
}
