import ArgumentParser
import BLISSim
import Foundation

/// `blis steptime`: the step-time calculator. Reads batch shapes, prints the modelled GPU step time.
struct SteptimeCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "steptime",
    abstract: "Compute the GPU time of engine steps for given batch shapes.",
    discussion: """
      Each --batches line: {"id": "a", "prefill": [{"context": 0, "tokens": 512}], "decode": [{"context": 2047, "count": 32}]}
      (context = tokens already cached; tokens = new prompt tokens; count = decoding sequences). "-" reads stdin.
      The deployment is resolved and checked as `blis run` does it (same flags, errors and exit codes): \
      the GPU, the model config, TP dividing the heads, the model fitting in memory.
      """)

  @OptionGroup(title: "Model & hardware") var deployment: ModelHardwareOptions<SteptimeSettingDefaults>
  @Option(help: "JSONL file of batch shapes, or - for stdin.") var batches: String
  @Flag(help: "Print one JSON object per line instead of a table.") var json = false

  func execute(io: CommandIO) throws {
    let input: Data
    if batches == "-" { input = io.readStandardInput() } else {
      let url = SettingPath.resolve(batches, base: io.currentDirectory)
      guard let data = FileManager.default.contents(atPath: url.path) else {
        throw SteptimeUsageError(description: "--batches '\(batches)' is invalid: expected an existing JSONL file of batch shapes, or - for stdin")
      }
      input = data
    }
    let requests = try SteptimeInput.parse(String(decoding: input, as: UTF8.self))
    let prepared = try PreparedRun.prepare(flags: SettingFlags.layer(of: self), io: io, defaults: SteptimeSettingDefaults.defaults)
    let resolved = try prepared.environment.deployment(prepared.settings)
    let latency = resolved.stepTime.model
    let roofline = latency as? RooflineModel
    let results = requests.map { req in
      SteptimeResult(id: req.id, stepMicros: latency.stepTime(for: req.batch).microseconds,
                     breakdown: roofline?.breakdown(for: req.batch), batch: req.batch)
    }
    io.writeOutput(json ? SteptimeResult.jsonLines(results) : SteptimeResult.table(results, summary: latency.summary))
  }
}

/// `blis steptime` computes roofline step times unless told otherwise.
enum SteptimeSettingDefaults: CommandSettingDefaults {
  static var defaults: CommandDefaults {
    var defaults = CommandDefaults()
    defaults.set(\.latencyModel, LatencyModelChoice.roofline.rawValue)
    return defaults
  }
}
