import ArgumentParser
import BLISSim
import Foundation

/// `blis steptime`: the step-time calculator. Reads batch shapes, prints the modelled GPU step time.
struct SteptimeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "steptime",
    abstract: "Compute the GPU time of engine steps for given batch shapes.",
    discussion: """
      Each --batches line: {"id": "a", "prefill": [{"context": 0, "tokens": 512}], "decode": [{"context": 2047, "count": 32}]}
      (context = tokens already cached; tokens = new prompt tokens; count = decoding sequences). "-" reads stdin.
      """)

  @Option(help: "Model id, e.g. meta-llama/llama-3.1-8b-instruct.") var model: String
  @Option(help: "Folder holding the model's config.json.") var modelConfigFolder: String?
  @Option(help: "GPU name (default: the model's defaults.yaml entry, else H100).") var hardware: String?
  @Option(help: "Hardware file (default: hardware_config.json in the data directory).") var hardwareConfig: String?
  @Option(help: "Tensor parallelism (default: the model's defaults.yaml entry, else 1).") var tp: Int?
  @Option(help: "roofline or blackbox.") var latencyModel: String = "roofline"
  @Option(help: "JSONL file of batch shapes, or - for stdin.") var batches: String
  @Flag(help: "Print one JSON object per line instead of a table.") var json = false

  func run() throws {
    do {
      try StandardStream.output.write(try render())
    } catch let streamError as StandardStreamError {
      throw streamError
    } catch let failure as CLIFailure {
      throw failure
    } catch {
      throw CLIFailure.classify(error) ?? CLIFailure(.usage, String(describing: error))
    }
  }

  /// Everything but printing, so tests can call it.
  func render(dataDirectory: URL = DataDirectory.locate(), stdin: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws -> String {
    guard ["roofline", "blackbox"].contains(latencyModel) else {
      throw SteptimeUsageError(description: "--latency-model \(latencyModel) is invalid (allowed: roofline, blackbox)")
    }
    if let tp, !(1...64).contains(tp) { throw SteptimeUsageError(description: "--tp \(tp) is invalid (allowed: an integer in 1...64)") }
    let input: Data
    if batches == "-" { input = stdin() } else {
      guard let d = FileManager.default.contents(atPath: batches) else {
        throw SteptimeUsageError(description: "--batches \(batches): file not found")
      }
      input = d
    }
    let requests = try SteptimeInput.parse(String(decoding: input, as: UTF8.self))

    let (defaults, defaultsPath) = try DataFiles.loadDefaults(directory: dataDirectory)
    let deployment = defaults.defaultsFor(model: model)
    let gpuName = hardware ?? deployment?.gpu ?? "H100"
    let tpValue = tp ?? deployment?.tensorParallelism ?? 1

    let latency: any LatencyModel
    var roofline: RooflineModel?
    if latencyModel == "blackbox" {
      guard let coefficients = defaults.coefficients(model: model, gpu: gpuName, tp: tpValue) else {
        throw SteptimeUsageError(description: "--latency-model blackbox: no coefficients for model=\(model) GPU=\(gpuName) TP=\(tpValue) in \(defaultsPath) (use --latency-model roofline)")
      }
      latency = try BlackboxModel(coefficients: coefficients, label: "blackbox: \(model) on \(gpuName) TP\(tpValue)")
    } else {
      let hwPath = hardwareConfig ?? dataDirectory.appendingPathComponent("hardware_config.json").path
      guard let hwData = FileManager.default.contents(atPath: hwPath) else {
        throw SteptimeUsageError(description: "--hardware-config \(hwPath): file not found")
      }
      let spec = try HardwareCatalog.parse(data: hwData, source: hwPath).spec(named: gpuName)
      let config = try ModelConfigLocator.load(model: model, folder: modelConfigFolder, dataDirectory: dataDirectory, hfRepo: deployment?.hfRepo)
      let r = RooflineModel(model: config, hardware: spec, tensorParallelism: tpValue, modelName: model)
      roofline = r
      latency = r
    }
    let results = try requests.map { req throws(SteptimeUsageError) in
      let micros = latency.unroundedStepMicros(for: req.batch)
      guard micros.isFinite, micros <= StepTimeBound.maximumMicros else {
        throw SteptimeUsageError(description: "batch '\(ErrorText.excerpt(req.id))': the step time would be \(micros) µs (allowed: a finite duration of at most 1e10 µs); check the hardware entry and model config")
      }
      return SteptimeResult(id: req.id, stepMicros: latency.stepTime(for: req.batch).microseconds,
                            breakdown: roofline?.breakdown(for: req.batch), batch: req.batch)
    }
    return json ? SteptimeResult.jsonLines(results) : SteptimeResult.table(results, summary: latency.summary)
  }
}
