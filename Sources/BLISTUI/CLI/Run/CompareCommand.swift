import ArgumentParser
import BLISSim
import Foundation

/// `blis compare`: the same deployment and workload under both step-time models, side by side.
struct CompareCommand: BLISSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Run the same deployment with the roofline and the blackbox step-time models and print both with their difference.",
    discussion: """
      Takes the same settings as `blis run` (--latency-model/--roofline are ignored: both models run). \
      When defaults.yaml has no blackbox coefficients for the model/GPU/TP, the blackbox column says so \
      and the roofline results still print. --json prints {"roofline": report, "blackbox": report or null, \
      "blackbox_error": message or null}. --results-path writes that JSON; --requests-out is not supported.
      """)

  @OptionGroup var options: RunOptions<BuiltinSettingDefaults>

  func execute(io: CommandIO) throws {
    let prepared = try PreparedRun.prepare(options, io: io)
    let output = prepared.output
    if output.requestsOut != nil {
      throw SettingsError.conflict(message: "--requests-out is not supported by blis compare (it runs twice); use blis run")
    }
    let rooflinePlan = try prepared.checkedPlan(kind: .roofline)
    var blackboxPlan: RunPlan?
    var blackboxError: String?
    do {
      blackboxPlan = try prepared.checkedPlan(kind: .blackbox)
    } catch let error as DeploymentError {
      // Only "no coefficients" leaves the column empty; any other problem is the user's to fix.
      guard case .noCoefficients = error else { throw error }
      blackboxError = error.description
    }
    // Both models run, so nothing is "ignored by the roofline model".
    let warnings = (rooflinePlan.warnings + (blackboxPlan?.deployment.warnings ?? [])).filter {
      if case .ignoredByRoofline = $0 { return false } else { return true }
    }
    io.warn(warnings, quiet: output.quiet)

    var progress = io.makeProgressBar(output.quiet || output.json)
    var sink = DiscardingRecordSink()
    let roofline = try PlanRunner.run(rooflinePlan, sink: &sink, progress: &progress, nowSeconds: io.nowSeconds)
    let blackbox = try blackboxPlan.map {
      try PlanRunner.run($0, sink: &sink, progress: &progress, nowSeconds: io.nowSeconds)
    }
    let document = CompareReport(roofline: roofline, blackbox: blackbox, blackboxError: blackboxError)
    try io.emit(document, text: {
      CompareSummary.render(roofline: (rooflinePlan, roofline), blackbox: blackboxPlan.flatMap { plan in blackbox.map { (plan, $0) } },
                            blackboxError: blackboxError, relativeTo: io.currentDirectory)
    }, output: output)
  }
}

/// `blis compare --json`: both reports; `blackbox` is null (and `blackbox_error` says why) when
/// there are no coefficients.
struct CompareReport: Codable, Equatable {
  var roofline: RunReport
  var blackbox: RunReport?
  var blackboxError: String?

  enum CodingKeys: String, CodingKey {
    case roofline, blackbox, blackboxError = "blackbox_error"
  }

  /// Writes `null` for absent values, so the keys are always present.
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(roofline, forKey: .roofline)
    try c.encode(blackbox, forKey: .blackbox)
    try c.encode(blackboxError, forKey: .blackboxError)
  }
}
