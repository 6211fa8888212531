/// The ranges every workload input is checked against (flags, YAML specs, trace rows), chosen so
/// that no accepted value can overflow the engine's integer arithmetic or its microsecond clock:
/// token counts stay far below 2⁶³ when multiplied by batch sizes, and arrival times below the
/// ≈ 9.2·10¹² s an Int64 of microseconds holds.
public enum WorkloadLimits {
  /// Most tokens in one prompt, output, prefix or length parameter (10⁸; models today stop at 10⁷).
  public static let maxTokens = 100_000_000
  /// Most requests in one workload (10⁹).
  public static let maxRequests = 1_000_000_000
  /// Lowest arrival rate, requests per second (one request per ~11.6 days).
  public static let minimumRate = 1e-6
  /// Latest arrival time and longest stage, seconds (10¹⁰ s ≈ 317 years).
  public static let maxSeconds = 1e10
  /// Most distinct shared-prefix prompts (groups × prompts per group).
  public static let maxSharedPrompts = 1_000_000_000
}
