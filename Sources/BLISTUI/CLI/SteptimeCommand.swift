import ArgumentParser

/// Placeholder until the step-time calculator lands.
struct SteptimeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "steptime", abstract: "Step-time calculator.")
  func run() throws { throw ValidationError("steptime: not implemented yet") }
}
