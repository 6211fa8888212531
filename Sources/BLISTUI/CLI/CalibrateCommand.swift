import ArgumentParser
import BLISSim
import Foundation

/// `blis calibrate [steps]`: fits blackbox β coefficients (and optionally the roofline's per-GPU
/// efficiencies) from measured GPU steps, and can write the coefficient row into `defaults.yaml`.
/// The default subcommand of `blis calibrate` (`CalibrateGroupCommand`).
struct CalibrateCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "steps",
    abstract: "Fit blackbox coefficients (and roofline efficiencies) from measured GPU steps.",
    discussion: """
      --steps takes a stepbench JSONL file (graph-mode prefill/decode/mixed rows are used) or a CSV with the \
      header prefill_tokens,decode_tokens,decode_context_sum,step_us. JSONL rows are matched to --model by \
      the last part of the id without -instruct/-chat/-it/-hf/-base (meta-llama/Llama-3.1-8B-Instruct ~ \
      llama-3.1-8b) and to --hardware by a substring of their gpu field (--gpu-name-filter, default the \
      GPU's name). The fit weights every row by 1/measured (relative error). --write replaces the row \
      for (model, GPU, TP) in place or inserts it; β0/β2 written there include the GPU's serving CPU \
      overhead from hardware_config.json, because a blackbox step is everything between two steps.
      """)

  @Option(help: "Measured steps: stepbench .jsonl or a .csv (prefill_tokens,decode_tokens,decode_context_sum,step_us).")
  var steps: String
  @Option(name: .setting(\.model), help: "Model id, e.g. meta-llama/llama-3.1-8b-instruct (required unless only --roofline-params).")
  var model: String?
  @Option(name: .setting(\.hardware), help: "GPU name from the hardware config, e.g. H100.") var hardware: String
  @Option(name: .setting(\.tp), help: "Tensor parallelism the steps were measured at (labels the row; sets the KV capacity).")
  var tp: String = "1"
  @Option(help: "Use JSONL rows whose gpu field contains this text (case-insensitive; default: the GPU's name).")
  var gpuNameFilter: String?
  @Option(help: "reference (β0..β2, the default) or extended (adds decode-context, prefill-attention and compute-knee terms the data supports).")
  var modelForm: String = "reference"
  @Option(help: "defaults.yaml to update with the fitted row (atomically; other lines kept byte-for-byte).")
  var write: String?
  @Flag(help: "Also fit the roofline's per-GPU efficiencies and print the hardware_config.json snippet.")
  var rooflineParams = false
  @Flag(help: "Print one JSON object instead of tables.") var json = false
  @Option(name: .setting(\.modelConfigFolder), help: "Folder holding the model's config.json (for the KV capacity of the written row).")
  var modelConfigFolder: String?
  @Option(name: .setting(\.hardwareConfig), help: "Hardware file (default: hardware_config.json in the data directory).")
  var hardwareConfig: String?

  func execute(io: CommandIO) throws {
    try execute(io: io, beforeCommit: { _ in })
  }

  /// `execute(io:)` with a hook between writing the temporary file and renaming it (tests).
  func execute(io: CommandIO, beforeCommit: (URL) throws -> Void) throws {
    guard let form = BlackboxModelForm(rawValue: modelForm) else {
      throw CLIFailure(.usage, "--model-form '\(modelForm)' is invalid: expected reference or extended")
    }
    guard model != nil || rooflineParams else {
      throw CLIFailure(.usage, "--model is required (or pass --roofline-params to fit only the roofline efficiencies)")
    }
    // The model, GPU, TP and files go through the shared settings path: same checks and errors as `blis run`.
    let prepared = try PreparedRun.prepare(flags: SettingFlags.layer(of: self), io: io, requiresModel: false)
    let settings = prepared.settings
    let files = prepared.environment.files
    let spec = try ResolvedDeployment.hardware(of: settings, files: files)
    let stepsURL = SettingPath.resolve(steps, base: io.currentDirectory)
    guard let stepsData = FileManager.default.contents(atPath: stepsURL.path) else {
      throw CLIFailure(.usage, "--steps '\(steps)' is invalid: expected an existing stepbench .jsonl or step .csv file")
    }
    let text = String(decoding: stepsData, as: UTF8.self)
    let isJSONL = NumberedLines.nonBlank(text).first?.line.hasPrefix("{") ?? false
    let filter = (gpuNameFilter ?? spec.name).lowercased()
    let gpuMatches: (String) -> Bool = { $0.lowercased().contains(filter) }
    if !isJSONL, gpuNameFilter != nil || rooflineParams {
      throw CLIFailure(.usage, "\(rooflineParams ? "--roofline-params" : "--gpu-name-filter") needs a stepbench JSONL file (--steps \(steps) is CSV)")
    }

    var output = CalibrateOutput(json: json)
    if model != nil {
      let model = settings.model, tp = settings.tensorParallelism
      let input = try CalibrationInput.load(text: text, isJSONL: isJSONL, path: stepsURL.path, model: model, gpuMatches: gpuMatches, filter: filter)
      let fit = try BlackboxFitter.fit(input.samples, form: form)
      output.fit(model: model, gpu: spec.name, tp: tp, input: input, fit: fit)
      if let write {
        let writeURL = SettingPath.resolve(write, base: io.currentDirectory)
        let plan = try CalibrationRowPlan.make(fit: fit, input: input, settings: settings, spec: spec, environment: prepared.environment,
                                               writePath: writeURL.path)
        try DefaultsFileUpdate.write(plan.newText, expecting: plan.row, to: writeURL, beforeCommit: beforeCommit)
        output.written(plan: plan, path: write)
      }
    }
    if rooflineParams {
      let calibration = try RooflineCalibrator.calibrate(text: text, gpuMatches: gpuMatches, hardware: spec)
      output.roofline(calibration, gpu: spec.name, current: spec)
    }
    io.writeOutput(output.rendered())
  }
}

/// The filtered samples of one calibration and a description of where they came from.
struct CalibrationInput {
  var samples: [CalibrationSample]
  /// e.g. "h100.jsonl: 64 graph-mode steps of llama-3.1-8b on NVIDIA H100 80GB HBM3".
  var summary: String
  var fileName: String
  /// The JSONL's `model_info` config for the model, if any (fallback for the KV capacity).
  var modelInfoConfig: ModelConfig?

  static func load(text: String, isJSONL: Bool, path: String, model: String, gpuMatches: (String) -> Bool, filter: String) throws -> CalibrationInput {
    let name = URL(fileURLWithPath: path).lastPathComponent
    guard isJSONL else {
      let samples = try StepCSVReader.parse(text)
      guard !samples.isEmpty else { throw CalibrationError.noSamples(detail: "\(path) has a header but no rows") }
      return CalibrationInput(samples: samples, summary: "\(name): \(samples.count) CSV steps", fileName: name)
    }
    let rows = try StepBenchSamples.read(text)
    let graph = rows.filter { $0.step.mode == "graph" }
    let chosen = graph.filter { gpuMatches($0.step.gpu) && StepBenchSamples.modelMatches(stepBenchModel: $0.step.model, modelID: model) }
    guard let first = chosen.first else {
      let models = Set(graph.map(\.step.model)).sorted().joined(separator: ", ")
      let gpus = Set(graph.map(\.step.gpu)).sorted().joined(separator: ", ")
      throw CalibrationError.noSamples(detail: "\(path) has no graph-mode steps for model \(model) on a GPU matching '\(filter)' (file has models: \(models.isEmpty ? "none" : models); GPUs: \(gpus.isEmpty ? "none" : gpus))")
    }
    let samples = chosen.map { CalibrationSample(kind: $0.step.kind, batch: $0.step.batch, prefillShapeKnown: true,
                                                 measuredMicros: $0.step.measuredMicros, line: $0.line) }
    var config: ModelConfig?
    for line in text.split(separator: "\n") where line.contains("\"model_info\"") && line.contains("\"\(first.step.model)\"") {
      if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
         let c = object["config"], JSONSerialization.isValidJSONObject(c), let data = try? JSONSerialization.data(withJSONObject: c) {
        config = try? ModelConfig.parse(data: data, source: "\(name) model_info")
      }
    }
    return CalibrationInput(samples: samples, summary: "\(name): \(samples.count) graph-mode steps of \(first.step.model) on \(first.step.gpu)",
                            fileName: name, modelInfoConfig: config)
  }
}
