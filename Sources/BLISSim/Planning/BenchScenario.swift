/// The fixed load points `blis bench` measures the engine at, each a fraction of the deployment's
/// analytic saturation rate (`SaturationEstimate`), so they stay light / at the knee / overloaded
/// whatever model, GPU and engine settings are benchmarked.
public struct BenchScenario: Sendable, Hashable {
  public var name: String
  /// Offered rate as a fraction of `SaturationEstimate.requestsPerSecond`.
  public var loadFraction: Double
  /// Share of each prompt that is a prefix shared by its group (0 = unique prompts).
  public var sharedPrefixFraction: Double
  public var summary: String

  /// light (30 %), knee (90 %), overload (130 %: the queue grows without bound, as it would on
  /// the real server), prefix-heavy (90 %, three quarters of every prompt shared by 16 groups).
  public static let standard: [BenchScenario] = [
    BenchScenario(name: "light", loadFraction: 0.3, sharedPrefixFraction: 0, summary: "30 % of saturation"),
    BenchScenario(name: "knee", loadFraction: 0.9, sharedPrefixFraction: 0, summary: "90 % of saturation"),
    BenchScenario(name: "overload", loadFraction: 1.3, sharedPrefixFraction: 0, summary: "130 % of saturation"),
    BenchScenario(name: "prefix-heavy", loadFraction: 0.9, sharedPrefixFraction: 0.75,
                  summary: "90 %, 3/4 of each prompt shared by 16 groups"),
  ]

  /// Groups of a prefix-heavy scenario, and distinct prompts per group (requests cycle through
  /// the 1,600 prompts, so later requests also hit their own earlier questions).
  public static let prefixGroups = 16
  public static let promptsPerGroup = 100

  /// `plan`'s workload for this scenario: its rate set to `loadFraction` × the saturation
  /// estimate and, for a prefix scenario, prompts of the same mean length made of a group prefix
  /// plus their own tokens. Non-synthetic workloads are returned unchanged.
  public func workload(for plan: RunPlan, requests: Int) throws -> (workload: Workload, rateRequestsPerSecond: Double) {
    guard case .synthetic(var spec) = plan.workload else { return (plan.workload, 0) }
    let rate = max(1e-3, loadFraction * SaturationEstimate.requestsPerSecond(plan: plan))
    spec.stages = [WorkloadStage(ratePerSecond: rate, durationSeconds: nil)]
    spec.numRequests = requests
    if sharedPrefixFraction > 0 {
      let prompt = max(2, Int(spec.promptTokens.nominalMean.rounded()))
      let prefix = min(prompt - 1, Int((Double(prompt) * sharedPrefixFraction).rounded()))
      spec.sharedPrefix = SharedPrefix(groups: Self.prefixGroups, promptsPerGroup: Self.promptsPerGroup,
                                       prefixTokens: prefix)
      spec.promptTokens = .constant(prompt - prefix)
    }
    return (.synthetic(try spec.validated()), rate)
  }
}
