import ArgumentParser

/// `blis calibrate`: fit the planner to measurements. `blis calibrate --steps …` (the default,
/// `steps`) fits GPU step times; `blis calibrate serving FILE…` fits a serving profile to vLLM
/// benchmark results.
struct CalibrateGroupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Fit the planner to measurements: GPU step times (--steps, the default) or a serving profile (serving FILE...).",
    discussion: """
      blis calibrate --steps FILE ...     fit blackbox coefficients / roofline efficiencies (blis calibrate steps --help)
      blis calibrate serving FILE... ...  fit a serving profile's host-CPU and front-end costs to vLLM benchmark results
      """,
    subcommands: [CalibrateCommand.self, ServingCalibrateCommand.self],
    defaultSubcommand: CalibrateCommand.self)
}
