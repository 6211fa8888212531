import ArgumentParser
import BLISSim
import Foundation

/// `blis run`: simulate one deployment and print its latency, throughput and KV metrics.
struct RunCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Simulate serving one model on a GPU deployment and print latency, throughput and KV metrics.",
    discussion: """
      Examples:
        blis run --model meta-llama/llama-3.1-8b-instruct --roofline \\
          --hardware H100 --tp 2 --num-instances 4 --rate 100 --num-requests 500
        # blackbox (the default; GPU, TP and coefficients from defaults.yaml):
        blis run --model meta-llama/llama-3.1-8b-instruct --num-instances 4 \\
          --rate 100 --num-requests 500
        blis run --model my-custom-model --model-config-folder ./my-model-configs/ \\
          --hardware-config ./my-hardware-config.json --hardware H100 --tp 4

      Throughput (req/s, tok/s; `requests_per_s` etc. in --json) is measured over the arrival window, \
      not the drain: requests that entered the running batch during the second half of the arrival \
      period (T/2 to the last arrival T) and completed, per second of that half — the window and \
      keep-up ratio `blis capacity` judges probes by (`arrival_window` in --json). Latency \
      percentiles cover every completed request.

      Exit codes: 0 success, 2 usage error (bad flag, name or input file),
      1 runtime failure (network, hub access, disk). Failed runs write no files.
      """)

  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>

  func execute(io: CommandIO) throws {
    let prepared = try PreparedRun.prepare(options, io: io)
    let output = prepared.output
    let plan = try prepared.checkedPlan()
    io.warn(plan.warnings, quiet: output.quiet)

    // Output files: temporary until the run succeeded, then renamed into place.
    let requestsOut = try output.requestsOut.map { try RequestsOutWriter(destination: $0) }
    var sink = RequestsOutSink(writer: requestsOut)
    var progress = io.makeProgressBar(output.quiet || output.json)
    let report = try PlanRunner.run(plan, sink: &sink, progress: &progress, nowSeconds: io.nowSeconds)
    if let error = sink.error { throw error }

    let json = try ReportJSON.encode(report)
    let results = try output.resultsPath.map { path -> StreamingAtomicFile in
      let file = try StreamingAtomicFile(destination: path)
      try file.append(json)
      return file
    }
    try requestsOut?.commit()
    try results?.commit()

    try io.writeOutput(output.json ? String(decoding: json, as: UTF8.self)
                     : RunSummary.render(plan: plan, report: report, relativeTo: io.currentDirectory))
  }
}
