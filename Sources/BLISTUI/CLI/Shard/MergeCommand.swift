import ArgumentParser
import BLISSim
import Foundation

/// `blis merge`: combines the JSON shards of `blis sweep --shard K/N` or `blis capacity --shard
/// K/N` into the output the unsharded command prints, after checking that they are every shard of
/// one grid, each once.
struct MergeCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine the shards of `blis sweep` or `blis capacity --shard K/N` into the whole output.",
    discussion: """
      Give every shard's JSON (any order), all from `blis sweep --shard K/N` or all from `blis \
      capacity --shard K/N` (the `format` field tells them apart). The shards must come from the \
      same command line and blis version: merge refuses shards whose grid or header differ, a \
      missing or repeated shard, shards of different commands, or a file that is not a shard, \
      naming the file. The result is byte-identical to the unsharded command with the same flags \
      (sweep: table, --json, --csv; capacity: table, --json, --plot).

      Example:
        for k in 1 2 3 4; do blis sweep --gpus 8 --rates 20,40,80 --shard $k/4 > part$k.json & done; wait
        blis merge part*.json --csv sweep.csv
        for k in 1 2; do blis capacity --gpus 8 --slo-ttft-p99-ms 300 --shard $k/2 > cap$k.json; done
        blis merge cap1.json cap2.json --plot

      Exit codes: 0 success, 2 usage error (bad or inconsistent shard files), 1 runtime failure.
      """)

  @Argument(help: ArgumentHelp("The shard files written by blis sweep or blis capacity --shard K/N.", valueName: "part.json"))
  var parts: [String]
  @Option(name: .customLong("csv"), help: ArgumentHelp("Sweep shards: also write the table as CSV to this file (atomically).", valueName: "file.csv"))
  var csv: String?
  @Option(name: .customLong("results-path"), help: ArgumentHelp("Write the JSON report to this file (atomically).", valueName: "file.json"))
  var resultsPath: String?
  @Flag(name: .customLong("json"), help: "Print the machine-readable JSON report on stdout instead of the table.")
  var json = false
  @Flag(name: .customLong("plot"), help: "Capacity shards: draw the latency-vs-throughput frontier of the splits.")
  var plot = false
  @Flag(name: .customLong("ascii"), help: "Capacity shards: draw the plot with ASCII characters instead of braille.")
  var ascii = false

  func execute(io: CommandIO) throws {
    guard !parts.isEmpty else {
      throw CLIFailure(.usage, "merge: give the shard files (blis sweep or blis capacity --shard K/N writes them)")
    }
    let csvURL = csv.map { SettingPath.resolve($0, base: io.currentDirectory) }
    if let csvURL { try AtomicFileWriter.checkWritable(csvURL) }
    var output = OutputSettings()
    output.json = json
    output.resultsPath = resultsPath.map { SettingPath.resolve($0, base: io.currentDirectory) }
    if let path = output.resultsPath { try AtomicFileWriter.checkWritable(path) }

    let files = try parts.map { try ShardFile($0, io: io) }
    if files[0].format == CapacityShardDocument.formatName {
      if csv != nil { throw Self.wrongFlag("--csv", file: files[0], writtenBy: "sweep") }
      let (first, results) = try ShardMerge.merge(try ShardFile.decode(files, as: CapacityShardDocument.self))
      let report = CapacityShardDocument.report(header: first.header, skipped: first.skipped, results: results)
      try CapacityCommand.present(report, plot: plot, ascii: ascii, output: output, io: io)
    } else {
      if plot { throw Self.wrongFlag("--plot", file: files[0], writtenBy: "capacity") }
      let (first, rows) = try ShardMerge.merge(try ShardFile.decode(files, as: SweepShardDocument.self))
      try SweepCommand.present(rows, header: first.header, clients: first.clients, skipped: first.skipped, csv: csvURL,
                               output: output, io: io)
    }
  }

  /// `flag` given for shards it does not apply to.
  private static func wrongFlag(_ flag: String, file: ShardFile, writtenBy command: String) -> CLIFailure {
    CLIFailure(.usage, "merge: \(flag) applies to the shards of blis \(command), and \(file.name) is a \(file.format) shard")
  }
}
