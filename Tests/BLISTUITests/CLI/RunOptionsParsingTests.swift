import ArgumentParser
import BLISSim
import Foundation
import Testing
@testable import BLISTUI

/// A stand-in command holding the option group, as `run` and `tui` will.
private struct Host: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "host")
  @OptionGroup var options: RunOptions
}

private func layer(_ arguments: [String]) throws -> RunOptionLayer {
  try Host.parse(arguments).options.flagLayer
}

@Suite struct RunOptionsParsingTests {
  @Test func onlyTypedFlagsEnterTheLayer() throws {
    let parsed = try layer(["--model", "meta-llama/llama-3.1-8b-instruct", "--rate", "100", "--num-requests", "500"])
    #expect(parsed.values == [.model: .string("meta-llama/llama-3.1-8b-instruct"), .rate: .number(100), .numRequests: .integer(500)])
  }

  @Test func referenceAliasesMapToTheCanonicalKeys() throws {
    let parsed = try layer(["--max-num-running-reqs", "64", "--max-num-scheduled-tokens", "4096", "--block-size-in-tokens", "32",
                            "--instances", "4", "--tensor-parallelism", "2"])
    #expect(parsed[.maxNumSeqs] == .integer(64))
    #expect(parsed[.maxNumBatchedTokens] == .integer(4096))
    #expect(parsed[.blockSize] == .integer(32))
    #expect(parsed[.numInstances] == .integer(4))
    #expect(parsed[.tp] == .integer(2))
  }

  @Test func flagsAndInversions() throws {
    #expect(try layer(["--roofline"])[.roofline] == .bool(true))
    #expect(try layer([])[.roofline] == nil)
    #expect(try layer(["--no-enable-prefix-caching"])[.enablePrefixCaching] == .bool(false))
    #expect(try layer(["--enable-prefix-caching"])[.enablePrefixCaching] == .bool(true))
    #expect(try layer([])[.enablePrefixCaching] == nil)
    #expect(try layer(["--json", "--quiet"]).values == [.json: .bool(true), .quiet: .bool(true)])
  }

  @Test func negativeNumbersReachTheLibraryCheck() throws {
    let parsed = try Host.parse(["--model", "org/m", "--rate", "-5"])
    #expect(parsed.options.flagLayer[.rate] == .number(-5))
    #expect(throws: RunOptionsError.invalidValue(place: "--rate", value: "-5", allowed: "a finite number ≥ 1e-06 (requests per second)")) {
      try parsed.options.resolve(context: RunOptionsContext())
    }
  }

  @Test func roofLineExampleFromTheIssueResolves() throws {
    let parsed = try Host.parse(["--model", "meta-llama/llama-3.1-8b-instruct", "--roofline", "--hardware", "H100", "--tp", "2",
                                 "--num-instances", "4", "--rate", "100", "--num-requests", "500"])
    let options = try parsed.options.resolve(context: RunOptionsContext())
    #expect(options.latencyModel == .roofline)
    #expect(options.hardware == "H100")
    #expect(options.tensorParallelism == 2)
    #expect(options.numInstances == 4)
    #expect(options.rateRequestsPerSecond == 100)
    #expect(options.numRequests == 500)
    #expect(options.source(of: .latencyModel) == .flag)
  }

  @Test func configFileSitsBetweenFlagsAndDefaults() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blis-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("model: org/m\nrate: 7\nnum_requests: 70\nmax-num-seqs: 32\n".utf8).write(to: folder.appendingPathComponent("run.yaml"))
    let parsed = try Host.parse(["--config", "run.yaml", "--rate", "9"])
    let options = try parsed.options.resolve(context: RunOptionsContext(currentDirectory: folder))
    #expect(options.rateRequestsPerSecond == 9)
    #expect(options.numRequests == 70)
    #expect(options.maxNumSeqs == 32)
    #expect(options.source(of: .numRequests) == .configFile)
    #expect(options.source(of: .seed) == .builtin)
    #expect(options.configFile?.path == folder.appendingPathComponent("run.yaml").standardizedFileURL.path)
  }

  @Test func helpIsGroupedAndListsEveryKey() {
    let help = Host.helpMessage(columns: 200)
    let sections = ["MODEL & HARDWARE:", "WORKLOAD:", "ENGINE:", "CLUSTER:", "OUTPUT:"]
    let positions = sections.map { help.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "missing sections in:\n\(help)")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "sections out of order")
    for key in RunOptionKey.allCases {
      #expect(help.contains(key.flag), "--help lacks \(key.flag)")
      for alias in key.aliases { #expect(help.contains("--" + alias), "--help lacks alias --\(alias)") }
    }
    #expect(help.contains("--no-enable-prefix-caching"))
    #expect(help.contains("--config <file>"))
    #expect(help.contains("(default: 42)"))
  }
}
