import ArgumentParser
import BLISSim
import Foundation

/// The `blis` executable: a capacity planner for LLM inference serving.
@main
struct BLISCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "blis",
    abstract: "Capacity planner for LLM inference serving: a discrete-event simulation of vLLM-style serving.",
    discussion: """
      Step times come from a roofline model (any HuggingFace model, from config.json and the GPU's \
      peaks) or a blackbox model (trained coefficients from defaults.yaml).
      """,
    version: BLISVersion.current,
    subcommands: [
      RunCommand.self,
      CompareCommand.self,
      TUICommand.self,
      SteptimeCommand.self,
      CalibrateGroupCommand.self,
      BenchCommand.self,
      SweepCommand.self,
      MergeCommand.self,
      CapacityCommand.self,
      ValidateCommand.self,
    ]
  )

  /// Custom entry point so every failure follows the CLI convention (`CLIFailure`): one line on
  /// stderr, exit 2 for usage errors (ArgumentParser's own 64 included), 1 for runtime failures.
  static func main() {
    StandardStream.reserveClosedDescriptors()
    TemporaryFileRegistry.shared.installCleanupHandlers()
    let code = CLIRunner().run(BLISCommand.self, arguments: Array(CommandLine.arguments.dropFirst()))
    fflush(nil)
    Foundation.exit(code)
  }
}
