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
  @Test func printHelp() {
    print(Host.helpMessage(columns: 120))
  }
}
