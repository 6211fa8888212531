import ArgumentParser

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
    subcommands: [
      SteptimeCommand.self,
      BenchCommand.self,
    ]
  )
}
